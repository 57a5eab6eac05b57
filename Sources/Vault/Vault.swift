public import Foundation
public import Storage

/// The data store: sealed subjects, blind-index rows, the consent ledger, import runs, the erasure ledger, the
/// outbox and the audit log.
///
/// By default one SQLite file in WAL mode (`vault.sqlite`); for several gateway instances, one PostgreSQL database
/// (``init(location:beforeGroupCommit:)`` with a `postgres://` location). Nothing above the vault writes SQL:
/// callers get a ``VaultTransaction`` with typed operations, which run on either backend. The store holds no
/// personal data in clear — fields are sealed under subject keys kept in the key store, and lookups use keyed
/// digests. The database itself (its backend, transactions, migrations and group commits) is Storage's
/// ``SQLDatabase``; on SQLite, `secure_delete` is on so erased rows do not linger in free pages.
public final class Vault: Sendable {
    /// The database the vault's tables live in.
    let database: SQLDatabase
    /// Commits the short writes of ``writeGrouped(_:)`` together.
    let group: GroupCommit<VaultTransaction>

    /// Where the database lives (a file, or a PostgreSQL URL whose password is hidden when printed).
    public var location: DatabaseLocation { database.location }

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
        do {
            database = try SQLDatabase(location: location, sqlite: Self.sqliteOptions)
            try database.migrate(VaultSchema.migrations, recordedIn: VaultSchema.recordTable)
        } catch let error as StorageError {
            throw VaultError(.storage, "cannot open the vault at \(location): \(error)")
        }
        group = GroupCommit(on: database, open: { sql in VaultTransaction(sql, writing: true) },
                            savepoint: { tx, body in try tx.inSavepoint(body) }, beforeCommit: beforeGroupCommit)
    }

    /// How the vault's SQLite connections are set up.
    static let sqliteOptions = SQLiteOptions(busyTimeout: 10, pragmas: [
        // A small page cache: every commit on the writer walks it, and a reader's is dropped whenever another
        // connection has written, so a large one costs on every request of a busy server and saves little (the
        // file's pages stay in the operating system's cache). An import pays about 3 % for it (pages spilled to
        // the log and read back) and needs 30 MB less.
        "PRAGMA cache_size = -\(pageCacheKiB)",
        "PRAGMA synchronous = NORMAL",
        // After a checkpoint resets the log, a WAL file that grew large (a bulk import) is cut back to 64 MB.
        "PRAGMA journal_size_limit = 67108864",
    ])

    /// The page cache of each connection, in KiB (SQLite's default size).
    static let pageCacheKiB = 2_000

    /// Runs `body` in one write transaction; everything it does commits together or not at all.
    ///
    /// The transaction is valid only during the closure. On PostgreSQL the closure runs on a thread kept for
    /// blocking work, and rows it reads with the intent to change them stay locked until commit.
    /// - Throws: ``VaultError``, whatever `body` throws, or `CancellationError`.
    public func write<T: Sendable>(_ body: @escaping @Sendable (VaultTransaction) throws -> T) async throws -> T {
        try await Self.mapErrors {
            try await database.write { sql in try body(VaultTransaction(sql, writing: true)) }
        }
    }

    /// Like ``write(_:)``, for the short writes that many callers make at once (the audit rows of a read): they
    /// commit together as savepoints of one transaction (Storage's `GroupCommit`). Each is still atomic on its own
    /// and returns only after its transaction has committed.
    public func writeGrouped<T: Sendable>(_ body: @escaping @Sendable (VaultTransaction) throws -> T) async throws
        -> T
    {
        try await Self.mapErrors { try await group.write(body) }
    }

    /// Synchronous ``write(_:)`` for long batch jobs (import) that stream input inside one transaction.
    ///
    /// Blocks the calling thread; never call it from a task on the cooperative pool of a server.
    public func writeBlocking<T>(_ body: (VaultTransaction) throws -> T) throws -> T {
        try Self.mapErrorsBlocking {
            try database.writeBlocking { sql in try body(VaultTransaction(sql, writing: true)) }
        }
    }

    /// Synchronous ``read(_:)`` for work on a thread of its own.
    ///
    /// Blocks the calling thread; never call it from a task on the cooperative pool of a server.
    public func readBlocking<T>(_ body: (VaultTransaction) throws -> T) throws -> T {
        try Self.mapErrorsBlocking { try database.readBlocking { sql in try body(VaultTransaction(sql)) } }
    }

    /// Runs `body` on a read-only snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (VaultTransaction) throws -> T) async throws -> T {
        try await Self.mapErrors { try await database.read { sql in try body(VaultTransaction(sql)) } }
    }

    /// Runs a one-statement look-up on its own (``VaultQuery``): on PostgreSQL outside any transaction, one round
    /// trip through the pool's asynchronous interface; on SQLite on a reader.
    public func run<Result: Sendable>(_ query: VaultQuery<Result>) async throws -> Result {
        try await Self.mapErrors { try query.decode(try await database.query(query.sql, query.arguments)) }
    }

    /// Runs `body` unless another process runs the job of the same name right now; returns nil when it does.
    ///
    /// Jobs that must not run twice at once across gateway instances (the retention purge, scheduled sweeps)
    /// use it. On PostgreSQL a session-level advisory lock (`pg_try_advisory_lock`) marks the running job and is
    /// released when `body` ends or the process dies; an SQLite vault serves one process, which runs `body`.
    public func runExclusively<T>(job name: String, _ body: () async throws -> T) async throws -> T? {
        do {
            return try await database.runExclusively(job: "job.\(name)", body)
        } catch let error as StorageError {
            throw VaultError(.storage, "vault: \(error)")
        }
    }

    /// Copies the committed WAL into the main file and truncates it, so removed rows leave no copy there (SQLite;
    /// PostgreSQL's own WAL and vacuum are the server's business).
    public func checkpoint() async throws {
        try await Self.mapErrors { try await database.checkpoint() }
    }

    /// Synchronous ``checkpoint()``, for the end of a bulk import: its one transaction leaves a log as large as
    /// what it wrote, which is better copied back at once than by whichever small write comes next. Nothing to do
    /// on PostgreSQL.
    public func checkpointNow() throws {
        try Self.mapErrorsBlocking { try database.checkpointBlocking() }
    }

    /// Copies the write-ahead log back into the database file from a connection of its own, every `interval`,
    /// until the calling task is cancelled (see Storage's `SQLDatabase.runBackgroundCheckpoints(every:)`; on
    /// PostgreSQL the call just waits for the cancellation).
    /// - Throws: ``VaultError`` `storage` when the checkpoint connection cannot be opened.
    public func runBackgroundCheckpoints(every interval: Duration = .milliseconds(250)) async throws {
        try await Self.mapErrors { try await database.runBackgroundCheckpoints(every: interval) }
    }

    /// Writes a consistent copy of an SQLite vault to `destination` (online backup; writers may keep going).
    ///
    /// - Throws: ``VaultError`` `storage`; on PostgreSQL, where `pg_dump` makes the backups.
    public func backup(to destination: URL) throws {
        do {
            try database.backup(to: destination)
        } catch let error as StorageError {
            let message = error.code == .unsupported
                ? "a PostgreSQL vault is backed up with pg_dump, not pdgate backup" : "backup failed: \(error)"
            throw VaultError(.storage, message)
        }
    }

    /// Closes the database (SQLite files, PostgreSQL's idle connections).
    public func close() throws {
        try Self.mapErrorsBlocking { try database.close() }
    }

    private static func mapErrors<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as StorageError {
            throw VaultError(error.code == .conflict ? .conflict : .storage, "vault: \(error)")
        }
    }

    private static func mapErrorsBlocking<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as StorageError {
            throw VaultError(error.code == .conflict ? .conflict : .storage, "vault: \(error)")
        }
    }
}
