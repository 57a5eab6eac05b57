import ConnectorKit
import Foundation
import PDGateTesting
import Testing

// Alone it runs in under a second on the virtual clock; the limit leaves room for a 2-core machine running the
// whole suite beside it (the retries wait their turn on a busy cooperative pool).
@Suite("Outbox dispatcher with an in-memory store and a virtual clock", .timeLimit(.minutes(4)))
struct OutboxDispatcherTests {
    static func person(_ subject: String) -> ConnectorPerson {
        ConnectorPerson(subject: subject, fields: ["email": "\(subject)@example.com"], purpose: "marketing_email")
    }

    static func dispatcher(
        _ store: InMemoryOutboxStore,
        _ connector: FakeConnector,
        people: [String: ConnectorPerson],
        clock: VirtualDispatchClock,
        concurrency: Int = 4,
        maxAttempts: Int = 5
    ) -> OutboxDispatcher {
        OutboxDispatcher(
            store: store, connectors: [connector], resolver: TableResolver(people: people), clock: clock,
            configuration: .init(batchSize: 16, concurrency: [connector.name: concurrency],
                                 retry: RetryPolicy(maxAttempts: maxAttempts, baseDelay: 1, maxDelay: 60)),
            random: { 0.5 })
    }

    @Test("Upserts are resolved at send time; a person without a valid basis is skipped, never sent")
    func resolvesAtSendTime() async throws {
        let clock = VirtualDispatchClock()
        let store = InMemoryOutboxStore()
        let connector = FakeConnector()
        _ = await store.enqueue([Events.upsert(1, at: clock.now), Events.upsert(2, at: clock.now)])
        let report = try await Self.dispatcher(store, connector, people: ["sub_1": Self.person("sub_1")], clock: clock)
            .drain()
        #expect(report.delivered == 1 && report.skipped == 1)
        #expect(connector.calls == [.upsert("sub_1")])
        #expect(await store.result(of: "evt_u1") == .upserted(externalID: "ext_sub_1"))
        #expect(await store.result(of: "evt_u2") == .skipped)
    }

    @Test("Transient errors back off exponentially; permanent ones dead-letter at once with their code")
    func retriesAndDeadLetters() async throws {
        let clock = VirtualDispatchClock()
        let start = clock.now
        let store = InMemoryOutboxStore()
        let connector = FakeConnector()
        connector.fail("sub_1", with: [ConnectorError(.transient, "t"), ConnectorError(.transient, "t")])
        connector.fail("sub_2", with: [ConnectorError(.permanent, "p", status: 400, apiErrorType: "Invalid Resource")])
        connector.fail("sub_3", with: Array(repeating: ConnectorError(.transient, "t"), count: 9))
        let people = Dictionary(uniqueKeysWithValues: (1...3).map { ("sub_\($0)", Self.person("sub_\($0)")) })
        _ = await store.enqueue((1...3).map { Events.upsert($0, at: start) })
        let report = try await Self.dispatcher(store, connector, people: people, clock: clock, maxAttempts: 5).drain()
        #expect(report.delivered == 1)
        #expect(report.deadLettered == 2)
        let dead = await store.deadLetters(connector: nil, limit: 10)
        #expect(Set(dead.map(\.event.subject)) == ["sub_2", "sub_3"])
        #expect(dead.first { $0.event.subject == "sub_2" }?.code == .permanent)
        #expect(dead.first { $0.event.subject == "sub_2" }?.event.attempts == 1)
        #expect(dead.first { $0.event.subject == "sub_3" }?.code == .transient)
        #expect(dead.first { $0.event.subject == "sub_3" }?.event.attempts == 5)
        // Full jitter at 0.5: waits of 0.5, 1, 2, 4 s before the 5th attempt.
        #expect(clock.now.timeIntervalSince(start) >= 7.5)
        #expect(await store.requeueDeadLetter("evt_u2", now: clock.now))
        #expect(await store.deadLetters(connector: nil, limit: 10).count == 1)
    }

    @Test("A 429 delays the event for Retry-After and does not use up attempts")
    func honoursRetryAfter() async throws {
        let clock = VirtualDispatchClock()
        let start = clock.now
        let store = InMemoryOutboxStore()
        let connector = FakeConnector()
        connector.fail("sub_1", with: Array(repeating: .rateLimited(retryAfter: .seconds(30), "slow down"), count: 8))
        _ = await store.enqueue([Events.upsert(1, at: start)])
        let report = try await Self.dispatcher(store, connector, people: ["sub_1": Self.person("sub_1")], clock: clock,
                                               maxAttempts: 3).drain()
        #expect(report.rateLimited == 8 && report.delivered == 1 && report.deadLettered == 0)
        #expect(clock.now.timeIntervalSince(start) >= 240)
    }

    @Test("An erasure waits for the same person's earlier upsert, even while that one is retried")
    func perSubjectOrder() async throws {
        let clock = VirtualDispatchClock()
        let store = InMemoryOutboxStore()
        let connector = FakeConnector()
        connector.fail("sub_1", with: [ConnectorError(.transient, "t"), ConnectorError(.transient, "t")])
        let ref = PersonRef(subject: "sub_1", email: "sub_1@example.com")
        _ = await store.enqueue([Events.upsert(1, at: clock.now), Events.erase(1, ref: ref, at: clock.now),
                                 Events.upsert(2, at: clock.now)])
        let people = ["sub_1": Self.person("sub_1"), "sub_2": Self.person("sub_2")]
        try await Self.dispatcher(store, connector, people: people, clock: clock).drain()
        #expect(connector.calls == [.upsert("sub_2"), .upsert("sub_1"), .erase("sub_1")])
        #expect(await store.result(of: "evt_e1") == .erasure(.erased))
    }

    @Test("An event with an idempotency key already stored is ignored; done events are never sent again")
    func idempotencyKey() async throws {
        let clock = VirtualDispatchClock()
        let store = InMemoryOutboxStore()
        let connector = FakeConnector()
        var first = Events.upsert(1, at: clock.now)
        first.idempotencyKey = "vault-change-77"
        var again = Events.upsert(2, subject: "sub_1", at: clock.now)
        again.idempotencyKey = "vault-change-77"
        #expect(await store.enqueue([first, again]) == 1)
        let dispatcher = Self.dispatcher(store, connector, people: ["sub_1": Self.person("sub_1")], clock: clock)
        try await dispatcher.drain()
        #expect(await store.enqueue([first]) == 0)
        try await dispatcher.drain()
        #expect(connector.calls == [.upsert("sub_1")])
    }

    @Test("The concurrency limit per connector holds")
    func concurrencyLimit() async throws {
        let clock = VirtualDispatchClock()
        let store = InMemoryOutboxStore()
        let connector = FakeConnector(delay: .milliseconds(2))
        let people = Dictionary(uniqueKeysWithValues: (0..<60).map { ("sub_\($0)", Self.person("sub_\($0)")) })
        _ = await store.enqueue((0..<60).map { Events.upsert($0, at: clock.now) })
        try await Self.dispatcher(store, connector, people: people, clock: clock, concurrency: 3).drain()
        #expect(connector.calls.count == 60)
        #expect(connector.peakConcurrency == 3)
    }

    @Test("Two dispatchers on one store never send the same event")
    func twoDispatchers() async throws {
        // Real time here: on a shared virtual clock one dispatcher's sleep would expire the other's leases.
        let store = InMemoryOutboxStore()
        let connector = FakeConnector(delay: .milliseconds(1))
        let people = Dictionary(uniqueKeysWithValues: (0..<100).map { ("sub_\($0)", Self.person("sub_\($0)")) })
        _ = await store.enqueue((0..<100).map { Events.upsert($0, at: Date()) })
        let configuration = OutboxDispatcher.Configuration(batchSize: 8, idlePollInterval: 0.005)
        let dispatchers = (0..<2).map { _ in
            OutboxDispatcher(store: store, connectors: [connector], resolver: TableResolver(people: people),
                             configuration: configuration)
        }
        let runners = dispatchers.map { dispatcher in Task { try await dispatcher.run() } }
        while await store.stats(now: Date()).total.done < 100 { try await Task.sleep(for: .milliseconds(5)) }
        runners.forEach { $0.cancel() }
        #expect(connector.calls.count == 100)
        #expect(Set(connector.calls.map { "\($0)" }).count == 100)
    }

    @Test("The erasure payload is a PersonRef in JSON, with the suppression reason beside it")
    func payloadShape() throws {
        let payload = OutboxPayload(ref: PersonRef(subject: "sub_1", email: "a@example.com"), reason: .objection)
        let bytes = payload.encoded()
        let plain = try JSONDecoder().decode(PersonRef.self, from: Data(bytes))
        #expect(plain == PersonRef(subject: "sub_1", email: "a@example.com"))
        #expect(try OutboxPayload.decode(bytes) == payload)
        #expect(throws: ConnectorError.self) { try OutboxPayload.decode(Array("nope".utf8)) }
    }
}
