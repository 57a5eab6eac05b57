import Foundation
import PDGateTesting
import Storage
import Testing

/// The storage backends a test runs on: SQLite always, PostgreSQL where a throwaway cluster can run here.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// Every backend that can run on this machine; PostgreSQL is left out, with a message, where it cannot.
    static let available: [Backend] =
        PostgresCluster.shared(orSkipping: "PostgreSQL storage tests") == nil ? [.sqlite] : [.sqlite, .postgres]

    /// A fresh, empty vault location and key store location (separate databases and users on PostgreSQL).
    func makeLocations(in folder: URL) throws -> (vault: DatabaseLocation, keys: DatabaseLocation) {
        switch self {
        case .sqlite:
            return (.sqlite(folder.appendingPathComponent("vault.sqlite")),
                    .sqlite(folder.appendingPathComponent("keys.sqlite")))
        case .postgres:
            guard let cluster = PostgresCluster.shared() else { throw CocoaError(.featureUnsupported) }
            return (try DatabaseLocation(parsing: try cluster.makeDatabase(prefix: "vault")),
                    try DatabaseLocation(parsing: try cluster.makeDatabase(prefix: "keys")))
        }
    }

    /// A new temporary folder.
    static func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
