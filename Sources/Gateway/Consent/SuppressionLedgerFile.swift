import Foundation
import Keyring

/// The suppression list's changes as a durable log (`suppressions.log`): `add KIND DIGEST REASON SECONDS` before a
/// person goes on the list, `lift KIND DIGEST SECONDS` after new proven consent took them off. Digests are the
/// suppression list's own keyed hashes (hex), never an address. A restore replays it in order, so an older
/// `vault.sqlite` does not bring back an erased or objecting person with the next spreadsheet.
struct SuppressionLedgerFile {
    struct Entry: Equatable {
        var lifted: Bool
        var kind: String
        var digest: [UInt8]
        var reason: String
        var at: Int64
    }

    let log: DurableLog

    init(directory: DataDirectory) {
        log = DurableLog(name: "suppressions.log", directory: directory)
    }

    func added(_ digests: [(kind: String, digest: [UInt8])], reason: String, at: Int64) throws {
        try log.append(digests.map { "add \($0.kind) \(Sodium.hex($0.digest)) \(reason) \(at)" })
    }

    func lifted(_ digests: [(kind: String, digest: [UInt8])], at: Int64) throws {
        try log.append(digests.map { "lift \($0.kind) \(Sodium.hex($0.digest)) \(at)" })
    }

    /// Every change, oldest first.
    func entries() -> [Entry] {
        log.lines().compactMap(Self.entry(_:))
    }

    static func entry(_ line: String) -> Entry? {
        let parts = line.split(separator: " ").map(String.init)
        guard parts.count >= 4, let digest = bytes(hex: parts[2]) else { return nil }
        if parts[0] == "add", parts.count == 5, let at = Int64(parts[4]) {
            return Entry(lifted: false, kind: parts[1], digest: digest, reason: parts[3], at: at)
        }
        if parts[0] == "lift", let at = Int64(parts[3]) {
            return Entry(lifted: true, kind: parts[1], digest: digest, reason: "", at: at)
        }
        return nil
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let characters = Array(hex.utf8)
        guard characters.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        for index in stride(from: 0, to: characters.count, by: 2) {
            guard let byte = UInt8(String(decoding: characters[index...index + 1], as: UTF8.self), radix: 16) else {
                return nil
            }
            result.append(byte)
        }
        return result
    }
}
