public import Foundation
import GRDB

extension SQLDatabase {
    /// Copies SQLite's committed write-ahead log into the main file and truncates it, so removed rows leave no copy
    /// there. Nothing to do on PostgreSQL, whose own WAL and vacuum are the server's business.
    public func checkpoint() async throws {
        guard case .sqlite(let pool) = backend else { return }
        try await Self.mappingErrors {
            try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    /// Synchronous ``checkpoint()``, for the end of a bulk write: its one transaction leaves a log as large as what
    /// it wrote, which is better copied back at once than by whichever small write comes next.
    public func checkpointBlocking() throws {
        guard case .sqlite(let pool) = backend else { return }
        try Self.mappingErrors {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    /// Copies SQLite's write-ahead log back into the database file from a connection of its own, every `interval`,
    /// until the calling task is cancelled.
    ///
    /// Left to itself, SQLite checkpoints on the writer whenever the log passes 1,000 pages: the commit that crosses
    /// the line copies some 4 MB and waits for the disk, and every request queued behind the writer waits with it
    /// (the slowest percent of a busy server's requests). While this runs, the writer never checkpoints; passive
    /// checkpoints here copy what no reader still needs without taking the write lock, and the writer starts the
    /// log over once it has all been copied. When the task ends, the writer checkpoints by itself again.
    /// On PostgreSQL, whose server checkpoints by itself, there is nothing to do: the call just waits for the
    /// cancellation, so a caller runs it the same way on either backend.
    /// - Throws: ``StorageError`` `unavailable` when the checkpoint connection cannot be opened.
    public func runBackgroundCheckpoints(every interval: Duration = .milliseconds(250)) async throws {
        guard case .sqlite(let pool) = backend, case .sqlite(let url) = location else {
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3_600)) }
            return
        }
        let connection: DatabaseQueue
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(1)
            configuration.label = "pdgate.storage.checkpoints"
            connection = try DatabaseQueue(path: url.path, configuration: configuration)
            try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        } catch let error as DatabaseError {
            throw StorageError(.unavailable, "cannot start background checkpoints: \(error.resultCode)")
        }
        defer {
            try? pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.autocheckpointPages)")
            }
            try? connection.close()
        }
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            // A failed pass (the file busy in a backup, say) is retried at the next tick.
            _ = try? await connection.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)")
            }
        }
    }

    /// SQLite's own checkpoint threshold, restored when background checkpoints stop.
    static let autocheckpointPages = 1_000

    /// Writes a consistent copy of an SQLite database to `destination` (online backup; writers may keep going),
    /// readable by its owner only.
    ///
    /// - Throws: ``StorageError`` `unsupported` on PostgreSQL, where `pg_dump` makes the backups; `statementFailed`
    ///   when the copy fails.
    public func backup(to destination: URL) throws {
        guard case .sqlite(let pool) = backend else {
            throw StorageError(.unsupported, "a PostgreSQL database is backed up with pg_dump, not pdgate backup")
        }
        try Self.mappingErrors {
            PrivateDatabaseFile.prepare(destination)
            let copy = try DatabaseQueue(path: destination.path)
            try pool.backup(to: copy)
            try copy.close()
        }
    }
}
