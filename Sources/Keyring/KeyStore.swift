import Foundation
internal import Storage

/// The key database: wrapped subject keys and wrapped named keys, apart from the data.
///
/// An SQLite file (`keys.sqlite`, with `secure_delete` on, so a destroyed key's bytes are overwritten in the file,
/// not left in a free page) or a PostgreSQL database of its own, with its own credentials — never the data one.
/// Storage's ``SQLDatabase`` holds the backend; this type maps its errors to ``KeyringError``.
final class KeyStore: Sendable {
    let database: SQLDatabase

    var location: DatabaseLocation { database.location }

    init(location: DatabaseLocation) throws {
        do {
            database = try SQLDatabase(location: location)
            try database.migrate(Self.migrations, recordedIn: "key_migration")
        } catch let error as StorageError {
            throw KeyringError(.storage, "key store at \(location): \(error)")
        }
    }

    // MARK: Transactions

    func write<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try Self.mapErrors { try database.writeBlocking(body) }
    }

    func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try Self.mapErrors { try database.readBlocking(body) }
    }

    func asyncWrite<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        do { return try await database.write(body) } catch { throw Self.keyringError(error) }
    }

    func asyncRead<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        do { return try await database.read(body) } catch { throw Self.keyringError(error) }
    }

    /// Truncates the SQLite WAL so destroyed keys leave no copy there; nothing to do on PostgreSQL.
    func checkpoint() async throws {
        do { try await database.checkpoint() } catch { throw Self.keyringError(error) }
    }

    /// Copies an SQLite key store; a PostgreSQL one is backed up with `pg_dump`.
    func backup(to destination: URL) throws {
        do {
            try database.backup(to: destination)
        } catch let error as StorageError where error.code == .unsupported {
            throw KeyringError(.storage, "a PostgreSQL key store is backed up with pg_dump, not pdgate backup")
        } catch {
            throw Self.keyringError(error)
        }
    }

    func close() throws {
        try Self.mapErrors { try database.close() }
    }

    static func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            throw keyringError(error)
        }
    }

    static func keyringError(_ error: any Error) -> any Error {
        switch error {
        case let error as StorageError: return KeyringError(.storage, "key store: \(error)")
        default: return error
        }
    }

    // MARK: Schema

    /// The key store's migrations, in order, for both dialects. Only append new ones; never edit a shipped one.
    static let migrations: [SchemaMigration] = [
        SchemaMigration("v1", sqlite: """
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
            """, postgres: [
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
        // A partial erasure re-keys the person: the new key waits here until the vault holds the fields re-sealed
        // under it, then replaces the old key in one statement (see Keyring+Rekey).
        SchemaMigration("v2 staged subject keys", sqlite: """
            CREATE TABLE subject_key_next (
                subject TEXT PRIMARY KEY NOT NULL,
                key_version INTEGER NOT NULL,
                master_version INTEGER NOT NULL,
                wrapped BLOB NOT NULL,
                created_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """, postgres: [
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
