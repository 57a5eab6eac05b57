import GRDB
import Synchronization

/// Runs the small write transactions that arrive together as savepoints of one transaction, committed once.
///
/// An audited read (a lookup, a decrypted view) writes two or three audit rows; committed one by one, each pays a
/// transaction and a log append (on SQLite, on the single writer; on PostgreSQL, a flush to disk while the audit
/// chain's lock is held), which caps a busy server far below what its cores can do. Writes that arrive while a
/// commit is under way wait for it and then commit together. Each write still stands alone: it runs in its own
/// savepoint, so one that throws is rolled back without touching the others, and none returns before the
/// transaction holding it has committed. When the commit fails, every write of the batch fails.
///
/// On SQLite, batches commit on the writer connection, a few per turn on it. On PostgreSQL each batch takes a
/// connection of the store; a batch that loses to a concurrent transaction runs again whole (``ConflictRetry``),
/// each write again in its savepoint. There every statement is a round trip to the server while the batch holds the
/// audit chain's lock, and a savepoint costs two of them per write: so a batch first runs its writes without
/// savepoints, and only when one of them throws is it rolled back and run again with a savepoint per write, so the
/// failing write still fails alone (writes must already bear running twice, as for ``ConflictRetry``).
///
/// `Transaction` is what the writes receive: the caller's typed view of a batch's transaction (one for the whole
/// batch, so what it remembers — a lock taken, a row read — serves every write of the batch).
public final class GroupCommit<Transaction>: Sendable {
    private struct Queue: ~Copyable {
        var waiting: [any GroupedWrite<Transaction>] = []
        var draining = false
    }

    private let database: SQLDatabase
    private let open: @Sendable (any SQLExecutor) -> Transaction
    private let savepoint: @Sendable (Transaction, () throws -> Void) throws -> Void
    private let beforeCommit: (@Sendable (Transaction) throws -> Void)?
    private let queue = Mutex(Queue())

    /// - Parameters:
    ///   - database: Where batches commit.
    ///   - open: Makes a batch's transaction view from its executor.
    ///   - savepoint: Runs a write in a savepoint of the batch's transaction: undone when it throws, the rest of the
    ///     transaction going on.
    ///   - beforeCommit: Runs once per batch, after its writes and before the commit, inside the batch's
    ///     transaction. When it throws, the whole batch is rolled back and every write in it fails.
    public init(on database: SQLDatabase, open: @escaping @Sendable (any SQLExecutor) -> Transaction,
                savepoint: @escaping @Sendable (Transaction, () throws -> Void) throws -> Void,
                beforeCommit: (@Sendable (Transaction) throws -> Void)? = nil)
    {
        self.database = database
        self.open = open
        self.savepoint = savepoint
        self.beforeCommit = beforeCommit
    }

    /// Runs `body` in a savepoint of the next group transaction and returns once that transaction has committed.
    ///
    /// - Throws: What `body` throws, or the commit's error (as ``StorageError`` when the database failed).
    public func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let write = PendingWrite<Transaction, T>(body: body, continuation: continuation)
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

    /// How many batches one turn on SQLite's writer commits back to back before other writes of the database get
    /// theirs.
    static var batchesPerTurn: Int { 8 }

    /// Commits batches until no write waits.
    private func drain() async {
        while true {
            do {
                let writesRemain: Bool
                switch database.backend {
                case .sqlite(let pool):
                    writesRemain = try await pool.writeWithoutTransaction { db in self.commitBatches(db) }
                case .postgres(let store):
                    writesRemain = await commitBatch(on: store)
                }
                if !writesRemain { return }
            } catch {
                // The writer could not be reached at all: fail what waits rather than leave it hanging.
                let batch = takeBatch()
                for write in batch { write.complete(commitError: SQLDatabase.storageError(error)) }
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
                    try run(batch, on: GRDBExecutor(db))
                    return .commit
                }
                for write in batch { write.complete(commitError: nil) }
            } catch {
                for write in batch { write.complete(commitError: SQLDatabase.storageError(error)) }
            }
        }
        return true
    }

    /// Commits one batch in a PostgreSQL transaction; returns whether writes still wait.
    private func commitBatch(on store: PostgresStore) async -> Bool {
        let batch = takeBatch()
        guard !batch.isEmpty else { return false }
        do {
            do {
                try await store.write { sql in try self.runUnguarded(batch, on: sql) }
            } catch is UnguardedWriteFailed {
                try await store.write { sql in try self.run(batch, on: sql) }
            }
            for write in batch { write.complete(commitError: nil) }
        } catch {
            for write in batch { write.complete(commitError: error) }
        }
        return true
    }

    /// Runs every write of `batch` straight in one transaction view, then the step before commit; the first write
    /// that throws ends the attempt with ``UnguardedWriteFailed`` (the caller rolls back and runs the batch again
    /// with savepoints).
    private func runUnguarded(_ batch: [any GroupedWrite<Transaction>], on sql: any SQLExecutor) throws {
        let transaction = open(sql)
        for write in batch {
            do {
                try write.runUnguarded(in: transaction)
            } catch {
                throw UnguardedWriteFailed()
            }
        }
        // A write that caught a statement's error itself leaves PostgreSQL's transaction aborted, which only shows
        // here: the careful run sorts it out too.
        do {
            try beforeCommit?(transaction)
        } catch {
            throw UnguardedWriteFailed()
        }
    }

    /// Runs each write of `batch` in its savepoint of one transaction view, then the step before commit.
    private func run(_ batch: [any GroupedWrite<Transaction>], on sql: any SQLExecutor) throws {
        let transaction = open(sql)
        for write in batch {
            write.run(in: transaction, savepoint: savepoint)
            // A write whose error ended the whole transaction must not let the next ones run on their own.
            guard sql.isInsideTransaction else {
                throw StorageError(.statementFailed, "a grouped write ended its transaction")
            }
        }
        try beforeCommit?(transaction)
    }

    /// The writes waiting now; when there are none, the drain ends and the next write starts another.
    private func takeBatch() -> [any GroupedWrite<Transaction>] {
        queue.withLock { queue in
            let batch = queue.waiting
            queue.waiting.removeAll()
            if batch.isEmpty { queue.draining = false }
            return batch
        }
    }
}

/// One write waiting in a ``GroupCommit`` batch.
private protocol GroupedWrite<Transaction>: Sendable {
    associatedtype Transaction
    /// Runs the write in a savepoint of the batch's transaction, keeping its value or error.
    func run(in transaction: Transaction, savepoint: (Transaction, () throws -> Void) throws -> Void)
    /// Runs the write with no savepoint of its own, keeping its value; rethrows its error and keeps nothing.
    func runUnguarded(in transaction: Transaction) throws
    /// Resumes the caller: with the commit's error, or else with the write's own value or error.
    func complete(commitError: (any Error)?)
}

private final class PendingWrite<Transaction, T: Sendable>: GroupedWrite {
    private let body: @Sendable (Transaction) throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    private let outcome = Mutex<Result<T, any Error>?>(nil)

    init(body: @escaping @Sendable (Transaction) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func run(in transaction: Transaction, savepoint: (Transaction, () throws -> Void) throws -> Void) {
        var value: T?
        let result = Result { () throws -> T in
            try savepoint(transaction) { value = try body(transaction) }
            guard let value else { throw CancellationError() }
            return value
        }
        outcome.withLock { $0 = result }
    }

    func runUnguarded(in transaction: Transaction) throws {
        let value = try body(transaction)
        outcome.withLock { $0 = .success(value) }
    }

    func complete(commitError: (any Error)?) {
        if let commitError {
            continuation.resume(throwing: commitError)
            return
        }
        switch outcome.withLock({ $0 }) {
        case .success(let value): continuation.resume(returning: value)
        case .failure(let error): continuation.resume(throwing: SQLDatabase.storageError(error))
        case nil: continuation.resume(throwing: CancellationError())
        }
    }
}

/// A write of a batch run without savepoints threw: the batch is rolled back and run again, a savepoint each.
private struct UnguardedWriteFailed: Error {}
