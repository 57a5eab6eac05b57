import AsyncHTTPTransport
import Benchmarks
import ConnectorKit
import Foundation
import PDGateTesting
import MailchimpConnector
import Synchronization

/// Measures outbox throughput and lag to the Mailchimp emulator (keep-alive, concurrency limit).
///
/// `swift run -c release ConnectorBench [--events N] [--concurrency C] [--rate R] [--engine asyncio|threaded]
/// [--transport ahc|urlsession] [--mode dispatcher|direct|fake] [--emulator PATH] [--latency-ms L]
/// [--events-per-person K] [--service mailchimp|unisender] [--faults JSON] [--batch on|off]`
/// prints events/s for a full drain of N people's upserts (with calls per person and 429 answers), then the
/// vault-change-to-connector lag (p50/p99) while events arrive at R per second. `direct` calls the connector without the dispatcher; `fake` runs the
/// dispatcher against a transport that answers at once (no HTTP).
@main
struct ConnectorBench {
    static func main() async throws {
        let options = Options(CommandLine.arguments.dropFirst())
        let emulator = try BenchEmulator.start(script: options.emulator, engine: options.engine,
                                                 latencyMs: options.latencyMs, faults: options.faults)
        defer { emulator.stop() }
        let live: any HTTPTransport
        let ahc: AsyncHTTPClientTransport?
        switch options.transport {
        case "urlsession":
            live = URLSessionTransport(timeout: .seconds(10), maxConnectionsPerHost: options.concurrency)
            ahc = nil
        default:
            let transport = AsyncHTTPClientTransport(timeout: .seconds(10), maxConnectionsPerHost: options.concurrency)
            live = transport
            ahc = transport
        }
        do {
            try await run(options, emulator: emulator, live: live)
        } catch {
            try? await ahc?.shutdown()
            throw error
        }
        try await ahc?.shutdown()
    }

    static func run(_ options: Options, emulator: BenchEmulator, live: any HTTPTransport) async throws {
        if options.service == "unisender" {
            try await UniSenderBench.run(options, emulator: emulator, live: live)
            return
        }
        let transport = CountingTransport(options.mode == "fake"
            ? RecordingTransport { _ in TransportResponse(status: 200, body: Data("{}".utf8)) } : live)
        if options.mode == "direct" {
            let connector = try MailchimpConnector(
                apiKey: Secret("0123456789abcdef0123456789abcdef-us14"), settings: MailchimpSettings(listID: "a1b2c3d4e5"),
                transport: live, baseURL: URL(string: "http://127.0.0.1:\(emulator.port)/3.0"))
            let began = Date()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<options.concurrency {
                    group.addTask {
                        for index in stride(from: worker, to: options.events, by: options.concurrency) {
                            _ = try await connector.upsert(ConnectorPerson(subject: "sub_\(index)",
                                fields: ["email": "d\(index)@example.com"], purpose: "m"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = Date().timeIntervalSince(began)
            print(String(format: "direct: %d upserts in %.2f s = %.0f/s (%@ transport)", options.events, elapsed,
                         Double(options.events) / elapsed, options.transport))
            return
        }
        let connector = try MailchimpConnector(
            apiKey: Secret("0123456789abcdef0123456789abcdef-us14"),
            settings: MailchimpSettings(listID: "a1b2c3d4e5"),
            transport: transport,
            baseURL: URL(string: "http://127.0.0.1:\(emulator.port)/3.0")
        )
        let timed = TimedConnector(inner: connector, batching: options.batch)
        let configuration = OutboxDispatcher.Configuration(
            batchSize: options.concurrency * 8,
            concurrency: [connector.name: options.concurrency],
            idlePollInterval: 0.005
        )

        // 1. Throughput: N events queued, then drained.
        let warmUp = InMemoryOutboxStore()
        _ = await warmUp.enqueue((0..<200).map { Self.event(10_000_000 + $0, at: Date()) })
        _ = try await OutboxDispatcher(store: warmUp, connectors: [timed], resolver: SyntheticResolver(),
                                       configuration: configuration).drain()   // opens the connections
        transport.reset()
        let store = InMemoryOutboxStore()
        let start = Date()
        // Queued a minute before the sync (an import, then each person's consent event when --events-per-person 2).
        let queued = start.addingTimeInterval(-60)
        _ = await store.enqueue((0..<options.events).flatMap { index in
            (0..<max(1, options.eventsPerPerson)).map { copy in
                var event = Self.event(index, at: start)
                event.createdAt = queued
                if copy > 0 {
                    event.id += "_\(copy)"
                    event.idempotencyKey = event.id
                }
                return event
            }
        })
        let dispatcher = OutboxDispatcher(store: store, connectors: [timed], resolver: SyntheticResolver(),
                                          configuration: configuration)
        let began = Date()
        let report = try await dispatcher.drain()
        let elapsed = Date().timeIntervalSince(began)
        let stats = await store.stats(now: Date())
        print(String(format: "throughput: %d events delivered (%d done) in %.2f s = %.0f events/s "
            + "(concurrency %d, keep-alive, %@ transport, %@ emulator)", report.delivered, stats.total.done, elapsed,
            Double(report.delivered) / max(elapsed, 0.001), options.concurrency,
            options.mode == "fake" ? "fake" : options.transport, options.engine))
        let totals = transport.totals
        print(String(format: "people: %d (%d events each); calls: %.2f per person (%d requests), %d answered 429, "
            + "%d rate-limited retries; emulator latency %d ms", options.events, max(1, options.eventsPerPerson),
            Double(totals.requests) / Double(max(1, options.events)), totals.requests,
            totals.tooMany, report.rateLimited, options.latencyMs))

        // 2. Lag under load: events arrive at a steady rate while the dispatcher runs.
        let lagStore = InMemoryOutboxStore()
        let lagDispatcher = OutboxDispatcher(store: lagStore, connectors: [timed], resolver: SyntheticResolver(),
                                             configuration: configuration)
        timed.reset()
        let runner = Task { try await lagDispatcher.run() }
        let count = min(options.events, options.rate * 5)
        let interval = 1.0 / Double(options.rate)
        let loadStart = Date()
        for index in 0..<count {
            let due = loadStart.addingTimeInterval(Double(index) * interval)
            let wait = due.timeIntervalSinceNow
            if wait > 0.001 { try await Task.sleep(for: .milliseconds(Int64(wait * 1000))) }
            let now = Date()
            timed.markCreated("sub_\(options.events + index)", now)
            _ = await lagStore.enqueue([Self.event(options.events + index, at: now)])
        }
        while await lagStore.stats(now: Date()).total.done < count {
            try await Task.sleep(for: .milliseconds(20))
        }
        runner.cancel()
        let lags = timed.lags().sorted()
        func percentile(_ p: Double) -> Double { lags.isEmpty ? 0 : lags[min(lags.count - 1, Int(Double(lags.count) * p))] }
        print(String(format: "lag at %d events/s offered (%d events): p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                     options.rate, count, percentile(0.5) * 1000, percentile(0.99) * 1000, (lags.last ?? 0) * 1000))
    }

    static func event(_ index: Int, at date: Date, connector: String = "mailchimp") -> OutboxEvent {
        OutboxEvent(id: "evt_\(index)", connector: connector, operation: .upsert, subject: "sub_\(index)",
                    purpose: "marketing_email", nextAttemptAt: date, createdAt: date)
    }
}

/// Synthetic people: `bench<index>@example.com`.
struct SyntheticResolver: PersonResolver {
    func person(for subject: String, purpose: String, connector: String) async throws -> ConnectorPerson? {
        let index = subject.dropFirst(4)
        return ConnectorPerson(subject: subject, fields: ["email": "bench\(index)@example.com",
                                                          "full_name": "Bench Person\(index)"], purpose: purpose)
    }
}

/// Records when each upsert finished, to compute lag from the event's creation; batches as the connector does.
final class TimedConnector: BatchUpserting {
    let inner: MailchimpConnector
    let batching: Bool
    private let finished = Mutex<[String: Date]>([:])
    private let created = Mutex<[String: Date]>([:])

    init(inner: MailchimpConnector, batching: Bool = true) {
        self.inner = inner
        self.batching = batching
    }

    var name: String { inner.name }

    var maxConcurrentRequests: Int? { inner.maxConcurrentRequests }

    func reset() {
        finished.withLock { $0 = [:] }
    }

    func lags() -> [TimeInterval] {
        finished.withLock { finished in
            finished.compactMap { subject, done in
                created.withLock { $0[subject] }.map { done.timeIntervalSince($0) }
            }
        }
    }

    func upsert(_ person: ConnectorPerson) async throws -> String? {
        let id = try await inner.upsert(person)
        finished.withLock { $0[person.subject] = Date() }
        return id
    }

    func markCreated(_ subject: String, _ date: Date) { created.withLock { $0[subject] = date } }

    var maxBatchSize: Int { inner.maxBatchSize }

    /// `--batch off` sends everyone one by one, to compare with the batch call.
    func canBatch(_ person: ConnectorPerson) -> Bool { batching && inner.canBatch(person) }

    func upsertBatch(_ people: [ConnectorPerson]) async throws -> [Result<String?, ConnectorError>] {
        let results = try await inner.upsertBatch(people)
        let now = Date()
        finished.withLock { finished in
            for person in people { finished[person.subject] = now }
        }
        return results
    }

    func suppress(_ ref: PersonRef, reason: SuppressionReason) async throws {
        try await inner.suppress(ref, reason: reason)
    }

    func erase(_ ref: PersonRef) async throws -> ErasureOutcome { try await inner.erase(ref) }

    func read(_ ref: PersonRef) async throws -> ConnectorHolding? { try await inner.read(ref) }
}
