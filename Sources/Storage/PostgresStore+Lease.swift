import Dispatch
import PostgresNIO
import Synchronization

extension PostgresStore {
    /// Leases a connection from the client for a caller on a blocking thread, which waits for it.
    ///
    /// The lease is taken by a task on ``PostgresLeaseExecutor`` that holds it until
    /// ``LeasedConnection/giveBack(discarding:)``: the client's pool is async only, and its work must not wait for
    /// the cooperative pool, whose threads a blocking caller may be holding.
    /// - Throws: ``StorageError`` `unavailable` when no connection can be had.
    func leaseBlocking() throws -> LeasedConnection {
        let lease = ConnectionLease()
        let client = self.client
        Task(executorPreference: PostgresLeaseExecutor.shared) {
            do {
                try await client.withConnection { connection in
                    lease.hand(.success(connection))
                    await lease.waitUntilGivenBack()
                }
            } catch {
                lease.hand(.failure(error))
            }
        }
        return LeasedConnection(connection: try lease.connection(), lease: lease)
    }
}

/// A connection leased for a blocking caller, and the lease to give back when done with it.
struct LeasedConnection: Sendable {
    let connection: PostgresConnection
    let lease: ConnectionLease

    /// Returns the connection to the pool; `discarding` closes it first, so the pool replaces it.
    func giveBack(discarding: Bool = false) {
        if discarding { connection.close().whenComplete { _ in } }
        lease.giveBack()
    }
}

/// A connection leased from a `PostgresClient` by a task that keeps it until a blocking thread gives it back.
final class ConnectionLease: Sendable {
    private struct State: ~Copyable {
        var leased: Result<PostgresConnection, any Error>?
        var givenBack = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    private let handed = DispatchSemaphore(value: 0)

    /// Waits for the lease, blocking the calling thread, and returns its connection.
    ///
    /// - Throws: ``StorageError`` `unavailable` when the lease failed.
    func connection() throws -> PostgresConnection {
        handed.wait()
        switch state.withLock({ $0.leased }) {
        case .success(let connection): return connection
        case .failure(let error): throw PostgresErrors.storageError(error)
        case nil: throw StorageError(.unavailable, "PostgreSQL: no connection leased")
        }
    }

    /// Called by the leasing task: the connection, or why there is none. Only the first call counts.
    func hand(_ result: Result<PostgresConnection, any Error>) {
        let first = state.withLock { state in
            guard state.leased == nil else { return false }
            state.leased = result
            return true
        }
        if first { handed.signal() }
    }

    /// Called by the leasing task: returns once the connection has been given back.
    func waitUntilGivenBack() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let givenBack = state.withLock { state in
                if !state.givenBack { state.waiter = continuation }
                return state.givenBack
            }
            if givenBack { continuation.resume() }
        }
    }

    /// Ends the lease: the leasing task returns the connection to the pool.
    func giveBack() {
        let waiter = state.withLock { state in
            state.givenBack = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}

/// Runs the tasks that lease PostgreSQL connections and the client's pool, on Dispatch's threads rather than the
/// cooperative pool: a transaction waits for its lease on a blocking thread, and a server may have every thread of
/// the cooperative pool waiting so.
final class PostgresLeaseExecutor: TaskExecutor {
    static let shared = PostgresLeaseExecutor()
    private let queue = DispatchQueue(label: "pdgate.storage.postgres-leases", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
