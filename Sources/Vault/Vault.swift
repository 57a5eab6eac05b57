public import Foundation
internal import GRDB
public import Storage

/// The data store: sealed subjects, blind-index rows, the consent ledger, import runs, the erasure ledger, the
/// outbox and the audit log.
///
/// By default one SQLite file in WAL mode (`vault.sqlite`); for several gateway instances, one PostgreSQL database
/// (``init(location:)`` with a `postgres://` location). Nothing above the vault writes SQL: callers get a
/// ``VaultTransaction`` with typed operations, which run on either backend. The store holds no personal data in
/// clear — fields are sealed under subject keys kept in the key store, and lookups use keyed digests. On SQLite,
/// `secure_delete` is on so erased rows do not linger in free pages.
public final class Vault: Sendable {
    enum Backend: Sendable {
        case sqlite(DatabasePool, GroupCommit)
        case postgres(PostgresStore, GroupCommit)
    }

    let backend: Backend
    /// Where the database lives (a file, or a PostgreSQL URL whose password is hidden when printed).
    public let location: DatabaseLocation

    /// The SQLite file, or nil on PostgreSQL.
    public var url: URL? {
        if case .sqlite(let url) = location { return url }
        return nil
    }

    /// The backend's dialect.
    public var dialect: SQLDialect { location.dialect }

    /// Opens (and migrates) the SQLite vault at `url`.
    ///
    /// - Parameters:
    ///   - url: The database file.
    ///   - beforeGroupCommit: Runs once in each transaction of ``writeGrouped(_:)``, after its writes and before the
    ///     commit (the gateway signs the head of the audit chain there: once for the batch, not once per write).
    ///     When it throws, the whole batch is rolled back and every write in it fails.
    /// - Throws: ``VaultError`` `storage` when the file cannot be opened or migrated.
    public convenience init(url: URL, beforeGroupCommit: (@Sendable (VaultTransaction) throws -> Void)? = nil) throws {
        try self.init(location: .sqlite(url), beforeGroupCommit: beforeGroupCommit)
    }

    /// Opens (and migrates) the vault at a location: an SQLite file or a PostgreSQL database.
    ///
    /// - Parameter beforeGroupCommit: As for ``init(url:beforeGroupCommit:)``.
    /// - Throws: ``VaultError`` `storage` when the database cannot be reached, opened or migrated.
    public init(location: DatabaseLocation, beforeGroupCommit: (@Sendable (VaultTransaction) throws -> Void)? = nil)
        throws
    {
        self.location = location
        switch location {
        case .sqlite(let url):
            var config = Configuration()
            config.foreignKeysEnabled = true
            config.busyMode = .timeout(10)
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA secure_delete = ON")
                // A small page cache: every commit on the writer walks it, and a reader's is dropped whenever another
                // connection has written, so a large one costs on every request of a busy server and saves little
                // (the file's pages stay in the operating system's cache). An import pays about 3 % for it (pages
                // spilled to the log and read back) and needs 30 MB less.
                try db.execute(sql: "PRAGMA cache_size = -\(Self.pageCacheKiB)")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // After a checkpoint resets the log, a WAL file that grew large (a bulk import) is cut back to 64 MB.
                try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
            }
            do {
                PrivateDatabaseFile.prepare(url)
                let pool = try DatabasePool(path: url.path, configuration: config)
                try VaultSchema.migrator.migrate(pool)
                backend = .sqlite(pool, GroupCommit(.sqlite(pool), beforeCommit: beforeGroupCommit))
            } catch let error as DatabaseError {
                throw VaultError(.storage, "cannot open \(url.lastPathComponent): \(error.resultCode)")
            }
        case .postgres(let postgres):
            do {
                let store = try PostgresStore(location: postgres)
                try store.migrate(VaultSchema.postgresMigrations, recordedIn: "vault_migration")
                backend = .postgres(store, GroupCommit(.postgres(store), beforeCommit: beforeGroupCommit))
            } catch let error as StorageError {
                throw VaultError(.storage, "cannot open the vault at \(postgres): \(error)")
            }
        }
    }

    /// Runs `body` in one write transaction; everything it does commits together or not at all.
    ///
    /// The transaction is valid only during the closure. On PostgreSQL the closure runs on a thread kept for
    /// blocking work, and rows it reads with the intent to change them stay locked until commit.
    /// - Throws: ``VaultError``, whatever `body` throws, or `CancellationError`.
    public func write<T: Sendable>(_ body: @escaping @Sendable (VaultTransaction) throws -> T) async throws -> T {
        try await Self.mapErrors {
            switch backend {
            case .sqlite(let pool, _):
                return try await pool.write { db in try body(VaultTransaction(GRDBExecutor(db), writing: true)) }
            case .postgres(let store, _):
                return try await store.write { sql in try body(VaultTransaction(sql, writing: true)) }
            }
        }
    }

    /// Like ``write(_:)``, for the short writes that many callers make at once (the audit rows of a read): they
    /// commit together as savepoints of one transaction (``GroupCommit``). Each is still atomic on its own and
    /// returns only after its transaction has committed.
    public func writeGrouped<T: Sendable>(_ body: @escaping @Sendable (VaultTransaction) throws -> T) async throws -> T {
        let group: GroupCommit
        switch backend {
        case .sqlite(_, let sqliteGroup): group = sqliteGroup
        case .postgres(_, let postgresGroup): group = postgresGroup
        }
        return try await Self.mapErrors { try await group.write(body) }
    }

    /// Synchronous ``write(_:)`` for long batch jobs (import) that stream input inside one transaction.
    ///
    /// Blocks the calling thread; never call it from a task on the cooperative pool of a server.
    public func writeBlocking<T>(_ body: (VaultTransaction) throws -> T) throws -> T {
        try Self.mapErrorsBlocking {
            switch backend {
            case .sqlite(let pool, _):
                return try pool.write { db in try body(VaultTransaction(GRDBExecutor(db), writing: true)) }
            case .postgres(let store, _):
                return try store.writeBlocking { sql in try body(VaultTransaction(sql, writing: true)) }
            }
        }
    }

    /// Synchronous ``read(_:)`` for work on a thread of its own.
    ///
    /// Blocks the calling thread; never call it from a task on the cooperative pool of a server.
    public func readBlocking<T>(_ body: (VaultTransaction) throws -> T) throws -> T {
        try Self.mapErrorsBlocking {
            switch backend {
            case .sqlite(let pool, _):
                return try pool.read { db in try body(VaultTransaction(GRDBExecutor(db))) }
            case .postgres(let store, _):
                return try store.readBlocking { sql in try body(VaultTransaction(sql)) }
            }
        }
    }

    /// The page cache of each connection, in KiB (SQLite's default size).
    static let pageCacheKiB = 2_000

    /// Runs `body` on a read-only snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (VaultTransaction) throws -> T) async throws -> T {
        try await Self.mapErrors {
            switch backend {
            case .sqlite(let pool, _):
                return try await pool.read { db in try body(VaultTransaction(GRDBExecutor(db))) }
            case .postgres(let store, _):
                return try await store.read { sql in try body(VaultTransaction(sql)) }
            }
        }
    }

    /// Runs `body` unless another process runs the job of the same name right now; returns nil when it does.
    ///
    /// Jobs that must not run twice at once across gateway instances (the retention purge, scheduled sweeps)
    /// use it. On PostgreSQL a session-level advisory lock (`pg_try_advisory_lock`) marks the running job and is
    /// released when `body` ends or the process dies; an SQLite vault serves one process, which runs `body`.
    public func runExclusively<T>(job name: String, _ body: () async throws -> T) async throws -> T? {
        switch backend {
        case .sqlite:
            return try await body()
        case .postgres(let store, _):
            do {
                return try await store.withJobLock("job.\(name)", body)
            } catch let error as StorageError {
                throw VaultError(.storage, "vault: \(error)")
            }
        }
    }

    /// Copies the committed WAL into the main file and truncates it, so removed rows leave no copy there (SQLite;
    /// PostgreSQL's own WAL and vacuum are the server's business).
    public func checkpoint() async throws {
        guard case .sqlite(let pool, _) = backend else { return }
        try await Self.mapErrors {
            try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    /// Synchronous ``checkpoint()``, for the end of a bulk import: its one transaction leaves a log as large as
    /// what it wrote, which is better copied back at once than by whichever small write comes next. Nothing to do
    /// on PostgreSQL.
    public func checkpointNow() throws {
        guard case .sqlite(let pool, _) = backend else { return }
        try Self.mapErrorsBlocking {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    /// Writes a consistent copy of an SQLite vault to `destination` (online backup; writers may keep going).
    ///
    /// - Throws: ``VaultError`` `storage`; on PostgreSQL, where `pg_dump` makes the backups.
    public func backup(to destination: URL) throws {
        guard case .sqlite(let pool, _) = backend else {
            throw VaultError(.storage, "a PostgreSQL vault is backed up with pg_dump, not pdgate backup")
        }
        do {
            PrivateDatabaseFile.prepare(destination)
            let copy = try DatabaseQueue(path: destination.path)
            try pool.backup(to: copy)
            try copy.close()
        } catch let error as DatabaseError {
            throw VaultError(.storage, "backup failed: \(error.resultCode)")
        }
    }

    /// Closes the database (SQLite files, PostgreSQL's idle connections).
    public func close() throws {
        switch backend {
        case .sqlite(let pool, _): try pool.close()
        case .postgres(let store, _): store.close()
        }
    }

    private static func mapErrors<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as DatabaseError {
            throw VaultError(.storage, "vault: \(error.resultCode)")
        } catch let error as StorageError {
            throw VaultError(error.code == .conflict ? .conflict : .storage, "vault: \(error)")
        }
    }

    private static func mapErrorsBlocking<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError {
            throw VaultError(.storage, "vault write failed: \(error.resultCode)")
        } catch let error as StorageError {
            throw VaultError(error.code == .conflict ? .conflict : .storage, "vault: \(error)")
        }
    }
}
