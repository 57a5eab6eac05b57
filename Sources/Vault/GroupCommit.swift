internal import GRDB
internal import Storage
import Synchronization

/// Runs the small write transactions that arrive together as savepoints of one transaction, committed once.
///
/// An audited read (a lookup, a decrypted view) writes two or three audit rows; committed one by one, each pays a
/// transaction and a log append (on SQLite, on the single writer; on PostgreSQL, a flush to disk while the audit
/// chain's lock is held), which caps a busy server far below what its cores can do. Writes that arrive while a
/// commit is under way wait for it and then commit together. Each write still stands alone: it runs in its own
/// savepoint, so one that throws is rolled back without touching the others, and none returns before the
/// transaction holding it has committed. When the commit fails, every write of the batch fails.
final class GroupCommit: Sendable {
    private struct Queue: ~Copyable {
        var waiting: [any GroupedWrite] = []
        var draining = false
    }

    /// Where batches commit.
    enum Writer: Sendable {
        /// SQLite's writer connection, a few batches per turn on it.
        case sqlite(DatabasePool)
        /// A PostgreSQL connection per batch, on the store's blocking threads. A batch that loses to a concurrent
        /// transaction runs again whole (``ConflictRetry``), each write again in its savepoint.
        case postgres(PostgresStore)
    }

    private let writer: Writer
    private let beforeCommit: (@Sendable (VaultTransaction) throws -> Void)?
    private let queue = Mutex(Queue())

    /// - Parameter beforeCommit: Runs once per batch, after its writes, inside the batch's transaction.
    init(_ writer: Writer, beforeCommit: (@Sendable (VaultTransaction) throws -> Void)? = nil) {
        self.writer = writer
        self.beforeCommit = beforeCommit
    }

    /// Runs `body` in a savepoint of the next group transaction and returns once that transaction has committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (VaultTransaction) throws -> T) async throws -> T {
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

    /// How many batches one turn on SQLite's writer commits back to back before other writes of the vault get
    /// theirs.
    static let batchesPerTurn = 8

    /// Commits batches until no write waits.
    private func drain() async {
        while true {
            do {
                let writesRemain: Bool
                switch writer {
                case .sqlite(let pool):
                    writesRemain = try await pool.writeWithoutTransaction { db in self.commitBatches(db) }
                case .postgres(let store):
                    writesRemain = await commitBatch(on: store)
                }
                if !writesRemain { return }
            } catch {
                // The writer could not be reached at all: fail what waits rather than leave it hanging.
                let batch = takeBatch()
                for write in batch { write.complete(commitError: error) }
                if batch.isEmpty { return }
            }
        }
    }

    /// Commits up to ``batchesPerTurn`` batches on SQLite's writer, each in its own transaction; returns whether
    /// writes still wait.
    private func commitBatches(_ db: Database) -> Bool {
        for _ in 0..<Self.batchesPerTurn {
            let batch = takeBatch()
            guard !batch.isEmpty else { return false }
            do {
                try db.inTransaction(.immediate) {
                    try run(batch, in: VaultTransaction(GRDBExecutor(db), writing: true))
                    return .commit
                }
                for write in batch { write.complete(commitError: nil) }
            } catch {
                for write in batch { write.complete(commitError: error) }
            }
        }
        return true
    }

    /// Commits one batch in a PostgreSQL transaction; returns whether writes still wait.
    private func commitBatch(on store: PostgresStore) async -> Bool {
        let batch = takeBatch()
        guard !batch.isEmpty else { return false }
        do {
            try await store.write { sql in try self.run(batch, in: VaultTransaction(sql, writing: true)) }
            for write in batch { write.complete(commitError: nil) }
        } catch {
            for write in batch { write.complete(commitError: error) }
        }
        return true
    }

    /// Runs each write of `batch` in its savepoint of `tx`, then the step before commit.
    private func run(_ batch: [any GroupedWrite], in tx: VaultTransaction) throws {
        for write in batch {
            write.run(in: tx)
            // A write whose error ended the whole transaction must not let the next ones run on their own.
            guard tx.sql.isInsideTransaction else { throw VaultError(.storage, "a grouped write ended its transaction") }
        }
        try beforeCommit?(tx)
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
    func run(in tx: VaultTransaction)
    /// Resumes the caller: with the commit's error, or else with the write's own value or error.
    func complete(commitError: (any Error)?)
}

private final class PendingWrite<T: Sendable>: GroupedWrite {
    private let body: @Sendable (VaultTransaction) throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    private let outcome = Mutex<Result<T, any Error>?>(nil)

    init(body: @escaping @Sendable (VaultTransaction) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func run(in tx: VaultTransaction) {
        let result = Result { try tx.inSavepoint { try body(tx) } }
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
