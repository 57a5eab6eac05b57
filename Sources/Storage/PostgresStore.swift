import Dispatch
public import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// A PostgreSQL database used through synchronous transaction closures, like GRDB's.
///
/// Each transaction runs its closure on a thread of a pool kept for blocking work (never an event loop, never the
/// cooperative pool) and blocks there on postgres-nio's futures. Connections are opened on demand up to
/// `maxConnections` and reused. Writes run at READ COMMITTED, so a statement after a lock sees what the lock's
/// previous holder committed; reads run on a REPEATABLE READ, read-only snapshot. A write that loses to a concurrent
/// one (serialisation failure or deadlock) runs again as ``ConflictRetry`` says.
public final class PostgresStore: Sendable {
    /// Where the database is (the password is hidden when printed).
    public let location: PostgresLocation
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let idle = Mutex<[PostgresConnection]>([])
    private let capacity: DispatchSemaphore
    private let connectionIDs = Atomic<Int>(1)
    private let conflictRetry: ConflictRetry

    /// The threads transaction closures run on, shared by every store of the process.
    static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 16)
        pool.start()
        return pool
    }()

    /// Connects to the database once to check the location and credentials.
    ///
    /// - Parameters:
    ///   - location: The database.
    ///   - maxConnections: How many connections this store opens at most (at least 2: a job lock holds one).
    ///   - conflictRetry: How often, and after what pauses, a write transaction that lost to another runs again.
    ///   - logger: Receives connection events and retries; never bound values.
    /// - Throws: ``StorageError`` `unavailable` when the server cannot be reached or refuses the login.
    public init(location: PostgresLocation, maxConnections: Int = 8, conflictRetry: ConflictRetry = .standard,
                logger: Logger = Logger(label: "pdgate.storage")) throws
    {
        self.location = location
        self.logger = logger
        self.conflictRetry = conflictRetry
        self.capacity = DispatchSemaphore(value: max(2, maxConnections))
        var configuration: PostgresConnection.Configuration
        if let socket = location.socketDirectory {
            configuration = PostgresConnection.Configuration(
                unixSocketPath: "\(socket)/.s.PGSQL.\(location.port)", username: location.username,
                password: location.password, database: location.database)
        } else {
            configuration = PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.username, password: location.password,
                database: location.database, tls: try location.connectionTLS())
        }
        configuration.options.additionalStartupParameters = [("application_name", "pdgate")]
        self.configuration = configuration
        let connection = try acquire()
        release(connection, healthy: true)
    }

    // MARK: Transactions

    /// Runs `body` in one write transaction on a pool thread; it commits when `body` returns and rolls back when it
    /// throws.
    ///
    /// After a serialisation failure or a deadlock the transaction is rolled back and `body` runs again, a bounded
    /// number of times: it must have no effect outside the transaction that running it twice would get wrong.
    public func write<T: Sendable>(_ body: @escaping @Sendable (PostgresExecutor) throws -> T) async throws -> T {
        try await Self.threads.runIfActive { try self.writeBlocking(body) }
    }

    /// Runs `body` on a read-only snapshot on a pool thread.
    public func read<T: Sendable>(_ body: @escaping @Sendable (PostgresExecutor) throws -> T) async throws -> T {
        try await Self.threads.runIfActive { try self.readBlocking(body) }
    }

    /// Synchronous ``write(_:)`` on the calling thread, which it blocks (during retry pauses too).
    public func writeBlocking<T>(_ body: (PostgresExecutor) throws -> T) throws -> T {
        try conflictRetry.run {
            try transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", body)
        } retrying: { error, attempt in
            logger.notice("Write transaction retried after a conflict", metadata: [
                "pdgate.sqlstate": "\(error.state ?? "?")", "pdgate.attempt": "\(attempt)",
            ])
        }
    }

    /// Synchronous ``read(_:)`` on the calling thread, which it blocks.
    public func readBlocking<T>(_ body: (PostgresExecutor) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// Runs `body` while this process holds a named session-level advisory lock (`pg_try_advisory_lock`), or
    /// returns nil at once when another process holds it.
    ///
    /// The lock lives on a connection set aside for the duration, so it is released when `body` ends or when the
    /// process dies. Jobs that must run once at a time across instances (the purge, the scheduled jobs) use it.
    public func withJobLock<T>(_ name: String, _ body: () async throws -> T) async throws -> T? {
        let key = AdvisoryLockKey.key(for: name)
        let holder: PostgresConnection? = try await Self.threads.runIfActive {
            let connection = try self.acquire()
            do {
                let executor = PostgresExecutor(connection: connection, logger: self.logger)
                if try executor.fetchValue("SELECT pg_try_advisory_lock(?)", [.integer(key)], as: Bool.self) == true {
                    return connection
                }
                self.release(connection, healthy: true)
                return nil
            } catch {
                self.release(connection, healthy: false)
                throw error
            }
        }
        guard let holder else { return nil }
        let unlock: @Sendable () async -> Void = {
            _ = try? await Self.threads.runIfActive {
                let executor = PostgresExecutor(connection: holder, logger: self.logger)
                let released = (try? executor.execute("SELECT pg_advisory_unlock(?)", [.integer(key)])) != nil
                self.release(holder, healthy: released)
            }
        }
        do {
            let value = try await body()
            await unlock()
            return value
        } catch {
            await unlock()
            throw error
        }
    }

    /// Closes the idle connections; transactions still running keep theirs until they finish.
    ///
    /// Blocks until they are closed; call it from a thread that may block, never an event loop.
    public func close() {
        let connections = idle.withLock { idle in
            defer { idle.removeAll() }
            return idle
        }
        for connection in connections { _ = try? connection.close().wait() }
    }

    deinit {
        // Without waiting: the last reference may go away anywhere, an event loop included.
        for connection in idle.withLock({ $0 }) { Self.closeLater(connection) }
    }

    /// Closes a connection without waiting, keeping it alive until it is closed.
    private static func closeLater(_ connection: PostgresConnection) {
        connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    // MARK: Connections

    private func transaction<T>(begin: String, _ body: (PostgresExecutor) throws -> T) throws -> T {
        let connection = try acquire()
        let executor = PostgresExecutor(connection: connection, logger: logger)
        var healthy = true
        defer { release(connection, healthy: healthy) }
        do {
            try executor.execute(begin)
        } catch {
            healthy = false
            throw error
        }
        do {
            let value = try body(executor)
            try executor.execute("COMMIT")
            return value
        } catch {
            if (try? executor.rollback()) == nil { healthy = false }
            throw error
        }
    }

    private func acquire() throws -> PostgresConnection {
        capacity.wait()
        if let connection = idle.withLock({ $0.popLast() }) { return connection }
        do {
            return try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                id: connectionIDs.wrappingAdd(1, ordering: .relaxed).oldValue, logger: logger
            ).wait()
        } catch {
            capacity.signal()
            if let problem = PostgresLocation.tlsProblem(error, location: location) {
                throw StorageError(.unavailable, "cannot connect to \(location): \(problem)")
            }
            let mapped = PostgresErrors.storageError(error)
            throw StorageError(.unavailable, "cannot connect to \(location): \(mapped.message)", state: mapped.state)
        }
    }

    private func release(_ connection: PostgresConnection, healthy: Bool) {
        if healthy, !connection.isClosed {
            idle.withLock { $0.append(connection) }
        } else if !connection.isClosed {
            Self.closeLater(connection)
        }
        capacity.signal()
    }
}
