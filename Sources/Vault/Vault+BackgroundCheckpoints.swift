import Foundation
internal import GRDB

extension Vault {
    /// Copies the write-ahead log back into the database file from a connection of its own, every `interval`,
    /// until the calling task is cancelled.
    ///
    /// Left to itself, SQLite checkpoints on the writer whenever the log passes 1,000 pages: the commit that crosses
    /// the line copies some 4 MB and waits for the disk, and every request queued behind the writer waits with it
    /// (the slowest percent of a busy server's requests). While this runs, the writer never checkpoints; passive
    /// checkpoints here copy what no reader still needs without taking the write lock, and the writer starts the
    /// log over once it has all been copied. When the task ends, the writer checkpoints by itself again.
    /// On PostgreSQL, whose server checkpoints by itself, there is nothing to do: the call just waits for the
    /// cancellation, so a caller runs it the same way on either backend.
    /// - Throws: ``VaultError`` `storage` when the checkpoint connection cannot be opened.
    public func runBackgroundCheckpoints(every interval: Duration = .milliseconds(250)) async throws {
        guard case .sqlite(let pool, _) = backend, let url else {
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3_600)) }
            return
        }
        let connection: DatabaseQueue
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(1)
            configuration.label = "pdgate.vault.checkpoints"
            connection = try DatabaseQueue(path: url.path, configuration: configuration)
            try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        } catch let error as DatabaseError {
            throw VaultError(.storage, "cannot start background checkpoints: \(error.resultCode)")
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
}
