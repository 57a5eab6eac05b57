public import Foundation

/// Drains an ``OutboxStore`` into the connectors: leases, retries with backoff, rate limits, dead letters.
///
/// Safe to run in several processes on one store (leases), and to kill at any point: an event whose effect
/// happened but was not marked done is sent again after its lease expires, and connectors are idempotent,
/// so it still has one effect. Upserts and reconfirmations are resolved at send time through the
/// ``PersonResolver``: a person without a valid basis (or with nothing left to confirm) is skipped, never sent.
///
/// Errors decide what happens next:
/// - ``ConnectorError/Code/rateLimited``: the event waits for `Retry-After` (or a jittered default) and is retried
///   without using up an attempt; the connector's window of requests in flight halves. Other people's events go
///   on; only when the window is already down to one request does the whole connector pause.
/// - ``ConnectorError/Code/transient``, ``ConnectorError/Code/invalidResponse``,
///   ``ConnectorError/Code/unauthorized``: retried with exponential backoff and full jitter (unauthorized
///   also pauses the connector) until ``RetryPolicy/maxAttempts``, then dead-lettered.
/// - ``ConnectorError/Code/permanent``, ``ConnectorError/Code/invalidConfiguration``, and
///   ``ConnectorError/Code/notFound`` on an upsert: dead-lettered at once. `notFound` on a suppression or
///   erasure means there is nothing left to do: done. Connectors raise `notFound` only for the service's
///   documented "not found" of that call; an ambiguous 404 is ``ConnectorError/Code/invalidResponse`` and is
///   retried, so it can never mark an event delivered.
///
/// An erasure retried after an attempt whose outcome is unknown (no answer came: a dropped connection, a timeout)
/// and that now finds the person absent is recorded as ``ErasureOutcome/erased``: the earlier attempt may well have
/// erased them, and "held nothing" would wrongly tell the erasure act that no data ever reached the service.
///
/// Requests in flight per connector follow ``AdaptiveConcurrency``: they start at
/// ``Configuration/defaultConcurrency``, grow by one per window of answered requests, halve on a 429 or 503, and
/// never exceed the cap: the service's documented limit (``Connector/maxConcurrentRequests``), or the operator's
/// ``Configuration/concurrency`` when lower.
///
/// Upserts are coalesced per person, purpose and connector: an upsert created at least
/// ``coalescingMargin`` before this dispatcher resolved an upsert of the same person and purpose that the service
/// accepted is already covered (that send carried the person's state as of its resolution, later than the event) and
/// is marked done, counted as delivered, without a call. So an import followed by a consent event sends the person
/// once per sync, with their latest state.
///
/// A connector that offers ``BatchUpserting`` gets its upserts in batches: a claim holds a few full calls, each chunk
/// of at most ``BatchUpserting/maxBatchSize`` upserts is one request in flight, each row's result settles its own
/// event, and an error of the whole call is handled once for all its events (one window change, one jitter).
///
/// Every failed attempt is kept in the event's history (code, HTTP status, the service's error type), and a dead
/// letter keeps it with the last error's status and type.
public final class OutboxDispatcher: Sendable {
    /// Tuning of a dispatcher.
    public struct Configuration: Sendable {
        /// This dispatcher's lease owner id (unique per process).
        public var owner: String
        /// Events claimed per store round trip (per connector).
        public var batchSize: Int
        /// How long a claimed event stays ours. An event is only started in the first half of its lease.
        public var leaseDuration: TimeInterval
        /// The starting window of requests in flight per connector, and the cap of connectors whose service
        /// documents no limit and that ``concurrency`` does not name.
        public var defaultConcurrency: Int
        /// The cap of requests in flight per connector name; never above the service's documented limit
        /// (``Connector/maxConcurrentRequests``), which is the cap of a connector not named here.
        public var concurrency: [String: Int]
        /// Backoff and give-up rules.
        public var retry: RetryPolicy
        /// How often ``OutboxDispatcher/run()`` looks for new events when idle.
        public var idlePollInterval: TimeInterval
        /// Called after every pass that delivered or dead-lettered an event (the gateway settles the requests and
        /// acts waiting on those answers); its failures are its own to log.
        public var afterPass: (@Sendable (DispatchReport) async -> Void)?

        /// Creates a configuration.
        public init(
            owner: String = "dispatcher-\(UUID().uuidString.lowercased())",
            batchSize: Int = 64,
            leaseDuration: TimeInterval = 300,
            defaultConcurrency: Int = 4,
            concurrency: [String: Int] = [:],
            retry: RetryPolicy = RetryPolicy(),
            idlePollInterval: TimeInterval = 1,
            afterPass: (@Sendable (DispatchReport) async -> Void)? = nil
        ) {
            self.owner = owner
            self.batchSize = batchSize
            self.leaseDuration = leaseDuration
            self.defaultConcurrency = defaultConcurrency
            self.concurrency = concurrency
            self.retry = retry
            self.idlePollInterval = idlePollInterval
            self.afterPass = afterPass
        }

        /// The adaptive window of a connector: capped by the service's documentation and this configuration.
        func concurrency(for connector: any Connector) -> AdaptiveConcurrency {
            let documented = connector.maxConcurrentRequests ?? Int.max
            let cap = min(concurrency[connector.name] ?? connector.maxConcurrentRequests ?? defaultConcurrency,
                          documented)
            return AdaptiveConcurrency(cap: cap, initial: defaultConcurrency)
        }
    }

    /// How much older than a resolution an upsert must be to count as covered by it: room for the transaction that
    /// wrote the event to commit after stamping it, and for clock skew between processes.
    public static let coalescingMargin: TimeInterval = 5

    enum Outcome: Sendable {
        case delivered, skipped, retried, rateLimited, deadLettered, abandoned
    }

    let store: any OutboxStore
    let connectors: [String: any Connector]

    /// The connectors this dispatcher delivers to, by name order.
    public var connectorList: [any Connector] { connectors.keys.sorted().compactMap { connectors[$0] } }
    let resolver: any PersonResolver
    let clock: any DispatchClock
    let configuration: Configuration
    let random: @Sendable () -> Double
    private let gates: [String: ConnectorGate]

    /// Creates a dispatcher.
    ///
    /// - Parameters:
    ///   - store: The outbox.
    ///   - connectors: The enabled connectors; events for other connector names wait in the store.
    ///   - resolver: Resolves upserts at send time.
    ///   - clock: Time and sleeping (``VirtualDispatchClock`` in tests).
    ///   - configuration: Tuning.
    ///   - random: Uniform numbers in `0..<1` for jitter.
    public init(
        store: any OutboxStore,
        connectors: [any Connector],
        resolver: any PersonResolver,
        clock: any DispatchClock = SystemDispatchClock(),
        configuration: Configuration = Configuration(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.store = store
        self.connectors = Dictionary(connectors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.resolver = resolver
        self.clock = clock
        self.configuration = configuration
        self.random = random
        self.gates = self.connectors.mapValues { ConnectorGate(concurrency: configuration.concurrency(for: $0)) }
    }

    /// Delivers every event that is due now (and those that fall due while it works), then returns.
    ///
    /// - Throws: The store's errors, or `CancellationError`.
    @discardableResult
    public func runOnce() async throws -> DispatchReport {
        try await withThrowingTaskGroup(of: DispatchReport.self) { group in
            for name in connectors.keys.sorted() {
                group.addTask { try await self.drainDue(connector: name) }
            }
            var report = DispatchReport()
            for try await part in group { report.add(part) }
            if report.delivered + report.deadLettered > 0, let afterPass = configuration.afterPass {
                await afterPass(report)
            }
            return report
        }
    }

    /// Runs until no event of an enabled connector is unfinished, sleeping on the clock between retries (at most
    /// ``Configuration/idlePollInterval`` at a time, so events leased by a dispatcher that died are picked up
    /// once their lease expires).
    ///
    /// - Throws: The store's errors, or `CancellationError`.
    @discardableResult
    public func drain() async throws -> DispatchReport {
        var report = DispatchReport()
        while true {
            let pass = try await runOnce()
            report.add(pass)
            let stats = try await store.stats(now: clock.now)
            let mine = stats.connectors.filter { connectors[$0.key] != nil }
            guard mine.values.contains(where: { $0.unfinished > 0 }) else { return report }
            let now = clock.now
            let poll = now.addingTimeInterval(configuration.idlePollInterval)
            // Events that are due but wait behind a leased one of the same person keep nextDueAt in the past:
            // after a pass that achieved nothing, wait for a future due time or the poll interval.
            let next = mine.values.compactMap(\.nextDueAt).filter { $0 > now }.min() ?? poll
            try await clock.sleep(until: pass.isEmpty ? min(next, poll) : now)
        }
    }

    /// Runs until cancelled, polling the store every ``Configuration/idlePollInterval`` when idle.
    ///
    /// - Throws: `CancellationError` when cancelled; store errors are retried after the poll interval.
    public func run() async throws {
        while true {
            try Task.checkCancellation()
            do {
                let report = try await runOnce()
                if !report.isEmpty { continue }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // A store failure: wait and try again; leases protect the events in the meantime.
            }
            let stats = try? await store.stats(now: clock.now)
            let now = clock.now
            var wake = now.addingTimeInterval(configuration.idlePollInterval)
            if let due = stats?.connectors.filter({ connectors[$0.key] != nil }).values.compactMap(\.nextDueAt).min(),
                due > now {
                wake = min(wake, due)
            }
            try await clock.sleep(until: wake)
        }
    }

    // MARK: - One connector

    /// One unit of work under a connector's window of requests in flight: one event, or a batch of upserts.
    struct Job: Sendable {
        let events: [OutboxEvent]
        let run: @Sendable () async throws -> [Outcome]
    }

    private func drainDue(connector name: String) async throws -> DispatchReport {
        guard let gate = gates[name], let connector = connectors[name] else { return DispatchReport() }
        let batcher = connector as? any BatchUpserting
        let cap = await gate.concurrency.cap
        // A batching connector claims enough for a few full calls at once (at most 8 in flight).
        let claimSize = batcher.map { max(configuration.batchSize, max(1, $0.maxBatchSize) * min(max(cap, 1), 8)) }
            ?? max(configuration.batchSize, cap)
        var report = DispatchReport()
        while true {
            try Task.checkCancellation()
            let claimedAt = clock.now
            let batch = try await store.claim(
                connector: name,
                limit: claimSize,
                owner: configuration.owner,
                now: claimedAt,
                leaseUntil: claimedAt.addingTimeInterval(configuration.leaseDuration)
            )
            if batch.isEmpty { return report }
            let startBy = claimedAt.addingTimeInterval(configuration.leaseDuration / 2)
            let jobs = batcher.map { self.batchJobs(for: batch, batcher: $0, gate: gate) }
                ?? batch.map { event in Job(events: [event]) { [try await self.deliver(event)] } }
            var index = jobs.startIndex
            try await withThrowingTaskGroup(of: [Outcome].self) { group in
                var running = 0
                func startNext() -> Bool {
                    guard index < jobs.endIndex, clock.now < startBy else { return false }
                    let job = jobs[index]
                    index += 1
                    group.addTask { try await job.run() }
                    return true
                }
                while running < (await gate.window), startNext() { running += 1 }
                while let outcomes = try await group.next() {
                    running -= 1
                    for outcome in outcomes { report.count(outcome) }
                    while running < (await gate.window), startNext() { running += 1 }
                }
            }
            if index < jobs.endIndex {
                // Lease half spent: give the rest back rather than risk another dispatcher sending them too.
                try await store.release(jobs[index...].flatMap(\.events).map(\.id), owner: configuration.owner)
            }
        }
    }

    func deliver(_ event: OutboxEvent) async throws -> Outcome {
        guard let connector = connectors[event.connector], let gate = gates[event.connector] else {
            return .abandoned
        }
        if let pausedUntil = await gate.pausedUntil, pausedUntil > clock.now {
            try await clock.sleep(until: pausedUntil)
        }
        return try await settle(event, gate: gate) { try await perform(event, on: connector, gate: gate) }
    }
}

extension DispatchReport {
    fileprivate mutating func count(_ outcome: OutboxDispatcher.Outcome) {
        switch outcome {
        case .delivered: delivered += 1
        case .skipped: skipped += 1
        case .retried: retried += 1
        case .rateLimited: rateLimited += 1
        case .deadLettered: deadLettered += 1
        case .abandoned: abandoned += 1
        }
    }
}
