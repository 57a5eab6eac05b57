internal import GRDB
import Synchronization

/// Runs the small write transactions that arrive together as savepoints of one transaction, committed once.
///
/// An audited read (a lookup, a decrypted view) writes two or three audit rows; committed one by one, each pays a
/// transaction and a WAL append on the single writer, which caps a busy server far below what its cores can do.
/// Writes that arrive while a commit is under way wait for it and then commit together. Each write still stands
/// alone: it runs in its own savepoint, so one that throws is rolled back without touching the others, and none
/// returns before the transaction holding it has committed. When the commit fails, every write of the batch fails.
final class GroupCommit: Sendable {
    private struct Queue: ~Copyable {
        var waiting: [any GroupedWrite] = []
        var draining = false
    }

    private let pool: DatabasePool
    private let beforeCommit: (@Sendable (Database) throws -> Void)?
    private let queue = Mutex(Queue())

    /// - Parameter beforeCommit: Runs once per batch, after its writes, inside the batch's transaction.
    init(pool: DatabasePool, beforeCommit: (@Sendable (Database) throws -> Void)? = nil) {
        self.pool = pool
        self.beforeCommit = beforeCommit
    }

    /// Runs `body` in a savepoint of the next group transaction and returns once that transaction has committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let write = PendingWrite(body: body, continuation: continuation)
            let startsDrain = queue.withLock { queue in
                queue.waiting.append(write)
                defer { queue.draining = true }
                return !queue.draining
            }
            if startsDrain {
                Task { await self.drain() }
            }
        }
    }

    /// How many batches one turn on the writer commits back to back before other writes of the vault get theirs.
    static let batchesPerTurn = 8

    /// Commits batches until no write waits, a few per turn on the writer connection.
    private func drain() async {
        while true {
            do {
                let writesRemain = try await pool.writeWithoutTransaction { db in self.commitBatches(db) }
                if !writesRemain { return }
            } catch {
                // The writer could not be reached at all: fail what waits rather than leave it hanging.
                let batch = takeBatch()
                for write in batch { write.complete(commitError: error) }
                if batch.isEmpty { return }
            }
        }
    }

    /// Commits up to ``batchesPerTurn`` batches, each in its own transaction; returns whether writes still wait.
    private func commitBatches(_ db: Database) -> Bool {
        for _ in 0..<Self.batchesPerTurn {
            let batch = takeBatch()
            guard !batch.isEmpty else { return false }
            do {
                try db.inTransaction(.immediate) {
                    for write in batch {
                        write.run(in: db)
                        // A write whose error aborted the whole transaction must not let the next ones autocommit.
                        guard db.isInsideTransaction else { throw DatabaseError(resultCode: .SQLITE_ABORT) }
                    }
                    try beforeCommit?(db)
                    return .commit
                }
                for write in batch { write.complete(commitError: nil) }
            } catch {
                for write in batch { write.complete(commitError: error) }
            }
        }
        return true
    }

    /// The writes waiting now; when there are none, the drain ends and the next write starts another.
    private func takeBatch() -> [any GroupedWrite] {
        queue.withLock { queue in
            let batch = queue.waiting
            queue.waiting.removeAll()
            if batch.isEmpty { queue.draining = false }
            return batch
        }
    }
}

/// One write waiting in a ``GroupCommit`` batch.
private protocol GroupedWrite: Sendable {
    /// Runs the write in a savepoint of the batch's transaction, keeping its value or error.
    func run(in db: Database)
    /// Resumes the caller: with the commit's error, or else with the write's own value or error.
    func complete(commitError: (any Error)?)
}

private final class PendingWrite<T: Sendable>: GroupedWrite {
    private let body: @Sendable (Database) throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    private let outcome = Mutex<Result<T, any Error>?>(nil)

    init(body: @escaping @Sendable (Database) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func run(in db: Database) {
        let result: Result<T, any Error>
        do {
            // Cached statements: a savepoint per write, compiled once per connection rather than once per write.
            try db.cachedStatement(sql: "SAVEPOINT grouped_write").execute()
            do {
                result = .success(try body(db))
                try db.cachedStatement(sql: "RELEASE SAVEPOINT grouped_write").execute()
            } catch {
                if db.isInsideTransaction {
                    try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT grouped_write").execute()
                    try db.cachedStatement(sql: "RELEASE SAVEPOINT grouped_write").execute()
                }
                throw error
            }
        } catch {
            outcome.withLock { $0 = .failure(error) }
            return
        }
        outcome.withLock { $0 = result }
    }

    func complete(commitError: (any Error)?) {
        if let commitError {
            continuation.resume(throwing: commitError)
            return
        }
        switch outcome.withLock({ $0 }) {
        case .success(let value): continuation.resume(returning: value)
        case .failure(let error): continuation.resume(throwing: error)
        case nil: continuation.resume(throwing: CancellationError())
        }
    }
}
