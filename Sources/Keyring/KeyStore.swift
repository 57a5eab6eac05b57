import Foundation
internal import GRDB
internal import Storage

/// The key database: wrapped subject keys and wrapped named keys, apart from the data.
///
/// An SQLite file (`keys.sqlite`, with `secure_delete` on, so a destroyed key's bytes are overwritten in the file,
/// not left in a free page) or a PostgreSQL database of its own, with its own credentials — never the data one.
final class KeyStore: Sendable {
    enum Backend: Sendable {
        case sqlite(DatabasePool)
        case postgres(PostgresStore)
    }

    let backend: Backend
    let location: DatabaseLocation

    init(location: DatabaseLocation) throws {
        self.location = location
        switch location {
        case .sqlite(let url):
            var config = Configuration()
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA secure_delete = ON")
            }
            do {
                PrivateDatabaseFile.prepare(url)
                let pool = try DatabasePool(path: url.path, configuration: config)
                try Self.migrator.migrate(pool)
                backend = .sqlite(pool)
            } catch let error as DatabaseError {
                throw KeyringError(.storage, "key store \(url.lastPathComponent): \(error.resultCode)")
            }
        case .postgres(let postgres):
            do {
                let store = try PostgresStore(location: postgres)
                try store.migrate(Self.postgresMigrations, recordedIn: "key_migration")
                backend = .postgres(store)
            } catch let error as StorageError {
                throw KeyringError(.storage, "key store at \(postgres): \(error)")
            }
        }
    }

    // MARK: Transactions

    func write<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try Self.mapErrors {
            switch backend {
            case .sqlite(let pool): return try pool.write { db in try body(GRDBExecutor(db)) }
            case .postgres(let store): return try store.writeBlocking { sql in try body(sql) }
            }
        }
    }

    func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try Self.mapErrors {
            switch backend {
            case .sqlite(let pool): return try pool.read { db in try body(GRDBExecutor(db)) }
            case .postgres(let store): return try store.readBlocking { sql in try body(sql) }
            }
        }
    }

    func asyncWrite<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        do {
            switch backend {
            case .sqlite(let pool): return try await pool.write { db in try body(GRDBExecutor(db)) }
            case .postgres(let store): return try await store.write { sql in try body(sql) }
            }
        } catch {
            throw Self.keyringError(error)
        }
    }

    func asyncRead<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        do {
            switch backend {
            case .sqlite(let pool): return try await pool.read { db in try body(GRDBExecutor(db)) }
            case .postgres(let store): return try await store.read { sql in try body(sql) }
            }
        } catch {
            throw Self.keyringError(error)
        }
    }

    /// Truncates the SQLite WAL so destroyed keys leave no copy there; nothing to do on PostgreSQL.
    func checkpoint() async throws {
        guard case .sqlite(let pool) = backend else { return }
        do {
            try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch {
            throw Self.keyringError(error)
        }
    }

    /// Copies an SQLite key store; a PostgreSQL one is backed up with `pg_dump`.
    func backup(to destination: URL) throws {
        guard case .sqlite(let pool) = backend else {
            throw KeyringError(.storage, "a PostgreSQL key store is backed up with pg_dump, not pdgate backup")
        }
        try Self.mapErrors {
            PrivateDatabaseFile.prepare(destination)
            let copy = try DatabaseQueue(path: destination.path)
            try pool.backup(to: copy)
            try copy.close()
        }
    }

    func close() throws {
        switch backend {
        case .sqlite(let pool): try pool.close()
        case .postgres(let store): store.close()
        }
    }

    static func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            throw keyringError(error)
        }
    }

    static func keyringError(_ error: any Error) -> any Error {
        switch error {
        case let error as DatabaseError: return KeyringError(.storage, "key store: \(error.resultCode)")
        case let error as StorageError: return KeyringError(.storage, "key store: \(error)")
        default: return error
        }
    }

    // MARK: Schema

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE subject_key (
                    subject TEXT PRIMARY KEY NOT NULL,
                    key_version INTEGER NOT NULL,
                    master_version INTEGER NOT NULL,
                    wrapped BLOB NOT NULL,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE named_key (
                    name TEXT PRIMARY KEY NOT NULL,
                    master_version INTEGER NOT NULL,
                    wrapped BLOB NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE master_check (
                    master_version INTEGER PRIMARY KEY NOT NULL,
                    sealed BLOB NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2 staged subject keys") { db in
            // A partial erasure re-keys the person: the new key waits here until the vault holds the fields
            // re-sealed under it, then replaces the old key in one statement (see Keyring+Rekey).
            try db.execute(sql: """
                CREATE TABLE subject_key_next (
                    subject TEXT PRIMARY KEY NOT NULL,
                    key_version INTEGER NOT NULL,
                    master_version INTEGER NOT NULL,
                    wrapped BLOB NOT NULL,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }

    /// The same schema on PostgreSQL.
    static let postgresMigrations: [PostgresMigration] = [
        PostgresMigration("v1", [
            """
            CREATE TABLE subject_key (
                subject TEXT PRIMARY KEY NOT NULL,
                key_version BIGINT NOT NULL,
                master_version BIGINT NOT NULL,
                wrapped BYTEA NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE named_key (
                name TEXT PRIMARY KEY NOT NULL,
                master_version BIGINT NOT NULL,
                wrapped BYTEA NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE master_check (
                master_version BIGINT PRIMARY KEY NOT NULL,
                sealed BYTEA NOT NULL
            )
            """,
        ]),
        PostgresMigration("v2 staged subject keys", [
            """
            CREATE TABLE subject_key_next (
                subject TEXT PRIMARY KEY NOT NULL,
                key_version BIGINT NOT NULL,
                master_version BIGINT NOT NULL,
                wrapped BYTEA NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
        ]),
    ]
}
