import Foundation
import GRDB

/// One database of pdgate's (the vault, the key store): an SQLite file through a GRDB pool, or a PostgreSQL
/// database through a ``PostgresStore``, behind one set of transactions.
///
/// The only place that knows which backend runs: everything above receives an ``SQLExecutor`` for the duration of
/// a transaction and asks its ``SQLExecutor/dialect`` for the few statements that differ. Errors leave as
/// ``StorageError`` (never a GRDB or postgres-nio error); what a transaction's closure throws itself passes through
/// unchanged.
///
/// On SQLite, the file is created private to its owner, in WAL mode, with `secure_delete` on so deleted rows do not
/// linger in free pages. On PostgreSQL, writes run at READ COMMITTED and reads on a REPEATABLE READ, read-only
/// snapshot; a write that loses to a concurrent one runs again (``ConflictRetry``).
public final class SQLDatabase: Sendable {
    enum Backend: Sendable {
        case sqlite(DatabasePool)
        case postgres(PostgresStore)
    }

    let backend: Backend
    /// Where the database lives (a file, or a PostgreSQL URL whose password is hidden when printed).
    public let location: DatabaseLocation

    /// Opens the database at `location` (creating an SQLite file that does not exist yet); does not migrate it.
    ///
    /// - Parameter sqlite: How SQLite connections are set up; ignored on PostgreSQL.
    /// - Throws: ``StorageError`` `unavailable` when the file cannot be opened or the server cannot be reached.
    public init(location: DatabaseLocation, sqlite: SQLiteOptions = SQLiteOptions()) throws {
        self.location = location
        switch location {
        case .sqlite(let url):
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            if let timeout = sqlite.busyTimeout { configuration.busyMode = .timeout(timeout) }
            let pragmas = ["PRAGMA secure_delete = ON"] + sqlite.pragmas
            configuration.prepareDatabase { db in
                for pragma in pragmas { try db.execute(sql: pragma) }
            }
            do {
                PrivateDatabaseFile.prepare(url)
                backend = .sqlite(try DatabasePool(path: url.path, configuration: configuration))
            } catch let error as DatabaseError {
                throw StorageError(.unavailable, "cannot open \(url.lastPathComponent): \(error.resultCode)")
            }
        case .postgres(let postgres):
            backend = .postgres(try PostgresStore(location: postgres))
        }
    }

    /// The backend's dialect.
    public var dialect: SQLDialect { location.dialect }

    // MARK: Transactions

    /// Runs `body` in one write transaction; everything it does commits together or not at all.
    ///
    /// On PostgreSQL the closure runs on a thread kept for blocking work, and may run again after a conflict
    /// (``ConflictRetry``): it must have no effect outside the transaction that running it twice would get wrong.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        try await Self.mappingErrors {
            switch backend {
            case .sqlite(let pool): return try await pool.write { db in try body(GRDBExecutor(db)) }
            case .postgres(let store): return try await store.write { sql in try body(sql) }
            }
        }
    }

    /// Runs `body` on a read-only snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        try await Self.mappingErrors {
            switch backend {
            case .sqlite(let pool): return try await pool.read { db in try body(GRDBExecutor(db)) }
            case .postgres(let store): return try await store.read { sql in try body(sql) }
            }
        }
    }

    /// Runs one read-only statement and returns its rows: on PostgreSQL outside any transaction through the pool's
    /// asynchronous interface (one round trip, no blocked thread), on SQLite on a reader as ``read(_:)`` does.
    public func query(_ sql: String, _ arguments: [SQLValue]) async throws -> [SQLRow] {
        try await Self.mappingErrors {
            switch backend {
            case .sqlite(let pool): return try await pool.read { db in try GRDBExecutor(db).fetchAll(sql, arguments) }
            case .postgres(let store): return try await store.query(sql, arguments)
            }
        }
    }

    /// Synchronous ``write(_:)``, for batch jobs that stream input inside one transaction.
    ///
    /// Blocks the calling thread; never call it from a task on the cooperative pool of a server.
    public func writeBlocking<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try Self.mappingErrors {
            switch backend {
            case .sqlite(let pool): return try pool.write { db in try body(GRDBExecutor(db)) }
            case .postgres(let store): return try store.writeBlocking { sql in try body(sql) }
            }
        }
    }

    /// Synchronous ``read(_:)``, for work on a thread of its own.
    ///
    /// Blocks the calling thread; never call it from a task on the cooperative pool of a server.
    public func readBlocking<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try Self.mappingErrors {
            switch backend {
            case .sqlite(let pool): return try pool.read { db in try body(GRDBExecutor(db)) }
            case .postgres(let store): return try store.readBlocking { sql in try body(sql) }
            }
        }
    }

    /// Runs `body` unless another process runs the job of the same name right now; returns nil when it does.
    ///
    /// On PostgreSQL a session-level advisory lock (``PostgresStore/withJobLock(_:_:)``) marks the running job and
    /// is released when `body` ends or the process dies; an SQLite file serves one process, which runs `body`.
    public func runExclusively<T>(job name: String, _ body: () async throws -> T) async throws -> T? {
        switch backend {
        case .sqlite: return try await body()
        case .postgres(let store): return try await store.withJobLock(name, body)
        }
    }

    /// Closes the database (the SQLite pool's connections, PostgreSQL's idle connections).
    public func close() throws {
        switch backend {
        case .sqlite(let pool): try Self.mappingErrors { try pool.close() }
        case .postgres(let store): store.close()
        }
    }

    // MARK: Errors

    /// Runs `body`, turning GRDB's errors into ``StorageError`` values; every other error passes through.
    static func mappingErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw storageError(error) }
    }

    /// Async ``mappingErrors(_:)``.
    static func mappingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw storageError(error) }
    }

    /// A GRDB error as a ``StorageError`` naming SQLite's result code (never the statement's arguments); any other
    /// error unchanged.
    static func storageError(_ error: any Error) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        return StorageError(.statementFailed, "SQLite \(error.resultCode)",
                            state: String(error.extendedResultCode.rawValue))
    }
}
