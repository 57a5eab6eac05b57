public import Foundation
internal import GRDB

/// The data store, `vault.sqlite`: sealed subjects, blind-index rows, the consent ledger, import runs, the
/// erasure ledger and the audit log, in one SQLite file in WAL mode.
///
/// Nothing above the vault writes SQL: callers get a ``VaultTransaction`` with typed operations. The file holds
/// no personal data in clear — fields are sealed under subject keys kept in the key store, and lookups use keyed
/// digests. `secure_delete` is on so erased rows do not linger in free pages.
public final class Vault: Sendable {
    let pool: DatabasePool
    private let groupCommit: GroupCommit
    /// Where the database lives.
    public let url: URL

    /// Opens (and migrates) the vault at `url`.
    ///
    /// - Parameters:
    ///   - url: The database file.
    ///   - beforeGroupCommit: Runs once in each transaction of ``writeGrouped(_:)``, after its writes and before the
    ///     commit (the gateway signs the head of the audit chain there: once for the batch, not once per write).
    ///     When it throws, the whole batch is rolled back and every write in it fails.
    /// - Throws: ``VaultError`` `storage` when the file cannot be opened or migrated.
    public init(url: URL, beforeGroupCommit: (@Sendable (VaultTransaction) throws -> Void)? = nil) throws {
        self.url = url
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // A small page cache: every commit on the writer walks it, and a reader's is dropped whenever another
            // connection has written, so a large one costs on every request of a busy server and saves little (the
            // file's pages stay in the operating system's cache). An import runs as fast with it, in 30 MB less.
            try db.execute(sql: "PRAGMA cache_size = -\(Self.pageCacheKiB)")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // After a checkpoint resets the log, a WAL file that grew large (a bulk import) is cut back to 64 MB.
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
        }
        do {
            pool = try DatabasePool(path: url.path, configuration: config)
            try VaultSchema.migrator.migrate(pool)
            var beforeCommit: (@Sendable (Database) throws -> Void)?
            if let beforeGroupCommit {
                beforeCommit = { db in try beforeGroupCommit(VaultTransaction(db: db)) }
            }
            groupCommit = GroupCommit(pool: pool, beforeCommit: beforeCommit)
        } catch let error as DatabaseError {
            throw VaultError(.storage, "cannot open \(url.lastPathComponent): \(error.resultCode)")
        }
    }

    /// Runs `body` in one write transaction; everything it does commits together or not at all.
    ///
    /// The transaction is valid only during the closure.
    /// - Throws: ``VaultError``, whatever `body` throws, or `CancellationError`.
    public func write<T: Sendable>(_ body: @escaping @Sendable (VaultTransaction) throws -> T) async throws -> T {
        try await Self.mapErrors { try await pool.write { db in try body(VaultTransaction(db: db)) } }
    }

    /// Like ``write(_:)``, for the short writes that many callers make at once (the audit rows of a read): they
    /// commit together as savepoints of one transaction (``GroupCommit``). Each is still atomic on its own and
    /// returns only after its transaction has committed.
    public func writeGrouped<T: Sendable>(_ body: @escaping @Sendable (VaultTransaction) throws -> T) async throws -> T {
        try await Self.mapErrors { try await groupCommit.write { db in try body(VaultTransaction(db: db)) } }
    }

    /// Synchronous ``write(_:)`` for long batch jobs (import) that stream input inside one transaction.
    ///
    /// Blocks the calling thread; never call it from a task on the cooperative pool of a server.
    public func writeBlocking<T>(_ body: (VaultTransaction) throws -> T) throws -> T {
        do { return try pool.write { db in try body(VaultTransaction(db: db)) } } catch let error as DatabaseError {
            throw VaultError(.storage, "vault write failed: \(error.resultCode)")
        }
    }

    /// The page cache of each connection, in KiB (SQLite's default size).
    static let pageCacheKiB = 2_000

    /// Runs `body` on a read-only snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (VaultTransaction) throws -> T) async throws -> T {
        try await Self.mapErrors { try await pool.read { db in try body(VaultTransaction(db: db)) } }
    }

    /// Copies the committed WAL into the main file and truncates the WAL, so removed rows leave no copy there.
    public func checkpoint() async throws {
        try await Self.mapErrors {
            try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    /// Synchronous ``checkpoint()``, for the end of a bulk import: its one transaction leaves a log as large as
    /// what it wrote, which is better copied back at once than by whichever small write comes next.
    public func checkpointNow() throws {
        do {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch let error as DatabaseError {
            throw VaultError(.storage, "vault: \(error.resultCode)")
        }
    }

    /// Writes a consistent copy of the vault to `destination` (SQLite online backup; writers may keep going).
    public func backup(to destination: URL) throws {
        do {
            let copy = try DatabaseQueue(path: destination.path)
            try pool.backup(to: copy)
            try copy.close()
        } catch let error as DatabaseError {
            throw VaultError(.storage, "backup failed: \(error.resultCode)")
        }
    }

    /// Closes the database files.
    public func close() throws {
        try pool.close()
    }

    private static func mapErrors<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as DatabaseError {
            throw VaultError(.storage, "vault: \(error.resultCode)")
        }
    }
}
