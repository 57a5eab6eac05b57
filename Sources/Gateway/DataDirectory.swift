public import Foundation

/// The layout of a gateway's data directory (`--data DIR`, `PDGATE_DATA`, default `./pdgate-data`).
///
/// ```
/// master.key     the master key (mode 0600), never in a database
/// keys.sqlite    wrapped subject, index and signing keys
/// vault.sqlite   sealed subjects, blind indexes, consent ledger, imports, audit log
/// reports/       import summaries and rejects (row numbers and reasons, never values)
/// ```
public struct DataDirectory: Sendable, Equatable {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// The directory from `PDGATE_DATA`, or `./pdgate-data`.
    public static func fromEnvironment(_ explicit: String? = nil) -> DataDirectory {
        let path = explicit ?? ProcessInfoEnvironment.value("PDGATE_DATA") ?? "pdgate-data"
        return DataDirectory(root: URL(fileURLWithPath: path))
    }

    public var masterKey: URL { root.appendingPathComponent("master.key") }
    public var keyStore: URL { root.appendingPathComponent("keys.sqlite") }
    public var vault: URL { root.appendingPathComponent("vault.sqlite") }
    public var reports: URL { root.appendingPathComponent("reports", isDirectory: true) }

    /// Whether `init` has been run here.
    public var isInitialised: Bool { FileManager.default.fileExists(atPath: masterKey.path) }

    /// Creates the directory (mode 0700) and its reports folder if missing.
    func createFolders() throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try fm.createDirectory(at: reports, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw GatewayError(.storage, "cannot create the data directory \(root.path)")
        }
    }
}
