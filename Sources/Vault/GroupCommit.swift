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
    private let queue = Mutex(Queue())

    init(pool: DatabasePool) {
        self.pool = pool
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

    /// Commits batches until no write waits.
    private func drain() async {
        while true {
            let batch = queue.withLock { queue in
                let batch = queue.waiting
                queue.waiting.removeAll()
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try await pool.write { db in
                    for write in batch { write.run(in: db) }
                }
                for write in batch { write.complete(commitError: nil) }
            } catch {
                for write in batch { write.complete(commitError: error) }
            }
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
        var value: T?
        do {
            try db.inSavepoint {
                value = try body(db)
                return .commit
            }
            let result: Result<T, any Error> = .success(value!)
            outcome.withLock { $0 = result }
        } catch {
            outcome.withLock { $0 = .failure(error) }
        }
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
