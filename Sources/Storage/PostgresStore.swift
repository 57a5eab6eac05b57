import Dispatch
public import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A PostgreSQL database used through synchronous transaction closures, like GRDB's.
///
/// Connections come from postgres-nio's `PostgresClient`: opened on demand up to `maxConnections`, kept alive while
/// idle, closed after a minute unused, replaced when broken. Each transaction runs its closure on a thread kept for
/// blocking work (never an event loop, never the cooperative pool), on a connection leased for it
/// (``withConnectionBlocking(_:)``), and blocks there on postgres-nio's futures. Writes run at READ COMMITTED, so a
/// statement after a lock sees what the lock's previous holder committed; reads run on a REPEATABLE READ, read-only
/// snapshot. A write that loses to a concurrent one (serialisation failure or deadlock) runs again as
/// ``ConflictRetry`` says.
public final class PostgresStore: Sendable {
    /// Where the database is (the password is hidden when printed).
    public let location: PostgresLocation
    let client: PostgresClient
    /// Runs the client (its pool) until ``close()``.
    private let running: Task<Void, Never>
    let logger: Logger
    private let conflictRetry: ConflictRetry

    /// The threads transaction closures run on, shared by every store of the process.
    static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 16)
        pool.start()
        return pool
    }()

    /// Connects to the database once to check the location and credentials, then starts the connection pool.
    ///
    /// - Parameters:
    ///   - location: The database.
    ///   - maxConnections: How many connections this store opens at most (at least 2: a job lock holds one).
    ///   - conflictRetry: How often, and after what pauses, a write transaction that lost to another runs again.
    ///   - logger: Receives connection events and retries; never bound values.
    /// - Throws: ``StorageError`` `unavailable` when the server cannot be reached or refuses the login,
    ///   `invalidLocation` when the TLS settings cannot be used.
    public init(location: PostgresLocation, maxConnections: Int = 8, conflictRetry: ConflictRetry = .standard,
                logger: Logger = Logger(label: "pdgate.storage")) throws
    {
        self.location = location
        self.logger = logger
        self.conflictRetry = conflictRetry
        try Self.checkConnection(to: location, logger: logger)
        var configuration: PostgresClient.Configuration
        if let socket = location.socketDirectory {
            configuration = PostgresClient.Configuration(
                unixSocketPath: "\(socket)/.s.PGSQL.\(location.port)", username: location.username,
                password: location.password, database: location.database)
        } else {
            configuration = PostgresClient.Configuration(
                host: location.host, port: location.port, username: location.username, password: location.password,
                database: location.database, tls: try location.clientTLS())
        }
        configuration.options.additionalStartupParameters = [("application_name", "pdgate")]
        configuration.options.maximumConnections = max(2, maxConnections)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        // On an executor of its own, as the leases are: a caller blocking the cooperative pool never stalls them.
        running = Task(executorPreference: PostgresLeaseExecutor.shared) { await client.run() }
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

    /// Runs one statement outside any transaction (it is its own snapshot) through the pool's asynchronous
    /// interface: no thread of the store's pool blocks, no `BEGIN` or `COMMIT` is sent, one round trip in all.
    /// For look-ups on a hot path (a search by e-mail); anything that needs two statements to agree uses ``read(_:)``.
    public func query(_ sql: String, _ arguments: [SQLValue]) async throws -> [SQLRow] {
        let query = PostgresQuery(unsafeSQL: PostgresPlaceholders.numbered(sql),
                                  binds: PostgresExecutor.bindings(arguments))
        do {
            var rows: [SQLRow] = []
            for try await row in try await client.query(query, logger: logger) {
                rows.append(try PostgresExecutor.row(row))
            }
            return rows
        } catch let error as StorageError {
            throw error
        } catch {
            throw PostgresErrors.storageError(error)
        }
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
    /// The lock lives on a connection leased for the duration, so it is released when `body` ends or when the
    /// process dies. Jobs that must run once at a time across instances (the purge, the scheduled jobs) use it.
    public func withJobLock<T>(_ name: String, _ body: () async throws -> T) async throws -> T? {
        let key = AdvisoryLockKey.key(for: name)
        let held: LeasedConnection? = try await Self.threads.runIfActive {
            let lease = try self.leaseBlocking()
            do {
                let executor = PostgresExecutor(connection: lease.connection, logger: self.logger)
                if try executor.fetchValue("SELECT pg_try_advisory_lock(?)", [.integer(key)], as: Bool.self) == true {
                    return lease
                }
                lease.giveBack()
                return nil
            } catch {
                lease.giveBack(discarding: true)
                throw error
            }
        }
        guard let held else { return nil }
        let unlock: @Sendable () async -> Void = {
            _ = try? await Self.threads.runIfActive {
                let executor = PostgresExecutor(connection: held.connection, logger: self.logger)
                let released = (try? executor.execute("SELECT pg_advisory_unlock(?)", [.integer(key)])) != nil
                held.giveBack(discarding: !released)
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

    /// Stops the pool: idle connections close, and transactions still running fail once their connection goes.
    public func close() {
        running.cancel()
    }

    deinit {
        running.cancel()
    }

    // MARK: Connections

    private func transaction<T>(begin: String, _ body: (PostgresExecutor) throws -> T) throws -> T {
        let lease = try leaseBlocking()
        let executor = PostgresExecutor(connection: lease.connection, logger: logger)
        var healthy = true
        defer { lease.giveBack(discarding: !healthy) }
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

    /// Connects once, outside the pool, so a wrong location, login or TLS setting fails here with a clear reason.
    private static func checkConnection(to location: PostgresLocation, logger: Logger) throws {
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
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 0, logger: logger
            ).wait()
            try? connection.close().wait()
        } catch {
            if let problem = PostgresLocation.tlsProblem(error, location: location) {
                throw StorageError(.unavailable, "cannot connect to \(location): \(problem)")
            }
            let mapped = PostgresErrors.storageError(error)
            throw StorageError(.unavailable, "cannot connect to \(location): \(mapped.message)", state: mapped.state)
        }
    }
}
