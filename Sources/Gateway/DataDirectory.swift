public import Foundation
public import Storage

/// The layout of a gateway's data directory (`--data DIR`, `PDGATE_DATA`, default `./pdgate-data`).
///
/// ```
/// master.key     the master key (mode 0600), never in a database
/// keys.sqlite    wrapped subject, index and signing keys
/// vault.sqlite   sealed subjects, blind indexes, consent ledger, imports, audit log
/// reports/       import summaries and rejects (row numbers and reasons, never values)
/// ```
///
/// With a PostgreSQL ``database`` (`--database`, `PDGATE_DATABASE`), the vault lives there instead of
/// `vault.sqlite`, and the key store in its own PostgreSQL ``keyDatabase`` (`--key-database`,
/// `PDGATE_KEY_DATABASE`) instead of `keys.sqlite`; the directory keeps the master key, policies' acts and reports.
public struct DataDirectory: Sendable, Equatable {
    public let root: URL
    /// The vault's database when it is not `vault.sqlite` here.
    public let database: DatabaseLocation?
    /// The key store's database when it is not `keys.sqlite` here.
    public let keyDatabase: DatabaseLocation?

    public init(root: URL, database: DatabaseLocation? = nil, keyDatabase: DatabaseLocation? = nil) {
        self.root = root.standardizedFileURL
        self.database = database
        self.keyDatabase = keyDatabase
    }

    /// The directory from `PDGATE_DATA`, or `./pdgate-data`, with the databases from `PDGATE_DATABASE` and
    /// `PDGATE_KEY_DATABASE` unless given.
    ///
    /// - Throws: ``GatewayError`` `invalidArgument` for a malformed database location (never echoing a password).
    public static func fromEnvironment(_ explicit: String? = nil, database: String? = nil, keyDatabase: String? = nil)
        throws -> DataDirectory
    {
        let path = explicit ?? ProcessInfoEnvironment.value("PDGATE_DATA") ?? "pdgate-data"
        let data = try (database ?? ProcessInfoEnvironment.value("PDGATE_DATABASE")).map(Self.location(_:))
        let keys = try (keyDatabase ?? ProcessInfoEnvironment.value("PDGATE_KEY_DATABASE")).map(Self.location(_:))
        return DataDirectory(root: URL(fileURLWithPath: path), database: data, keyDatabase: keys)
    }

    /// The directory from `PDGATE_DATA`, or `./pdgate-data`, with both stores as files in it.
    public static func fromEnvironmentFiles(_ explicit: String? = nil) -> DataDirectory {
        DataDirectory(root: URL(fileURLWithPath: explicit ?? ProcessInfoEnvironment.value("PDGATE_DATA") ?? "pdgate-data"))
    }

    private static func location(_ text: String) throws -> DatabaseLocation {
        do {
            return try DatabaseLocation(parsing: text)
        } catch let error as StorageError {
            throw GatewayError(.invalidArgument, error.message)
        }
    }

    /// Where the vault is: ``database``, or `vault.sqlite` in the directory.
    public var vaultLocation: DatabaseLocation { database ?? .sqlite(vault) }
    /// Where the key store is: ``keyDatabase``, or `keys.sqlite` in the directory.
    public var keyStoreLocation: DatabaseLocation { keyDatabase ?? .sqlite(keyStore) }

    /// Checks that the key store is kept apart from the data: a PostgreSQL vault needs a PostgreSQL key database of
    /// its own (another database, reached with other credentials), never the data one.
    ///
    /// - Throws: ``GatewayError`` `invalidArgument`, naming what is missing or shared.
    public func checkSeparation() throws {
        guard case .postgres(let data) = database else {
            if case .postgres = keyDatabase {
                throw GatewayError(.invalidArgument,
                    "a PostgreSQL key database needs a PostgreSQL vault (--database postgres://…)")
            }
            return
        }
        guard case .postgres(let keys) = keyDatabase else {
            throw GatewayError(.invalidArgument,
                "a PostgreSQL vault needs its key store in a PostgreSQL database of its own "
                    + "(--key-database postgres://… or PDGATE_KEY_DATABASE)")
        }
        if keys.host == data.host, keys.port == data.port, keys.socketDirectory == data.socketDirectory,
            keys.database == data.database {
            throw GatewayError(.invalidArgument,
                "the key database must not be the data database (\(data.database)); give it a database of its own")
        }
        if keys.username == data.username {
            throw GatewayError(.invalidArgument,
                "the key database must be reached with credentials of its own, not the data user's")
        }
    }

    public var masterKey: URL { root.appendingPathComponent("master.key") }
    public var keyStore: URL { root.appendingPathComponent("keys.sqlite") }
    public var vault: URL { root.appendingPathComponent("vault.sqlite") }
    public var reports: URL { root.appendingPathComponent("reports", isDirectory: true) }

    /// Whether `init` has been run here.
    public var isInitialised: Bool { FileManager.default.fileExists(atPath: masterKey.path) }

    /// Creates the directory (mode 0700) and its reports folder if missing.
    package func createFolders() throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try fm.createDirectory(at: reports, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw GatewayError(.storage, "cannot create the data directory \(root.path)")
        }
    }
}
