import Foundation
import Keyring

/// The files of an access answer packed into one JSON container with a manifest of names, sizes and SHA-256s.
struct AccessBundle {
    struct Entry: Codable {
        var name: String
        var bytes: Int
        var sha256: String
    }

    struct Container: Codable {
        var version = 1
        var manifest: [Entry]
        var files: [String: Data]
    }

    let encoded: Data
    /// SHA-256 of the manifest's canonical JSON.
    let manifestSHA256: String

    init(files: [(String, Data)]) throws {
        let manifest = files.map { Entry(name: $0.0, bytes: $0.1.count, sha256: Sodium.hex(Sodium.sha256(Array($0.1)))) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        manifestSHA256 = Sodium.hex(Sodium.sha256(Array(try encoder.encode(manifest))))
        encoded = try encoder.encode(Container(manifest: manifest, files: Dictionary(uniqueKeysWithValues: files)))
    }

    static func decode(_ data: Data) throws -> [String: Data] {
        guard let container = try? JSONDecoder().decode(Container.self, from: data) else {
            throw GatewayError(.malformedInput, "the bundle's content is not a pdgate bundle")
        }
        for entry in container.manifest {
            guard let file = container.files[entry.name], Sodium.hex(Sodium.sha256(Array(file))) == entry.sha256 else {
                throw GatewayError(.crypto, "\(entry.name) does not match the bundle's manifest")
            }
        }
        return container.files
    }
}
