import ConnectorKit
import Foundation
import MailchimpConnector
import PDGateTesting
import Testing

@Suite("Adaptive concurrency: AIMD under the service's documented cap", .timeLimit(.minutes(2)))
struct AdaptiveConcurrencyTests {
    @Test("The window grows by one per window of successes, halves on an overload once per window, stays in 1...cap")
    func additiveIncreaseMultiplicativeDecrease() {
        var limiter = AdaptiveConcurrency(cap: 10, initial: 4)
        #expect(limiter.window == 4)
        for _ in 0..<4 { limiter.recordSuccess() }
        #expect(limiter.window == 4, "4 + 1/4 + 1/4.25 + ... is just under 5")
        limiter.recordSuccess()
        #expect(limiter.window == 5)
        for _ in 0..<200 { limiter.recordSuccess() }
        #expect(limiter.window == 10)
        let wasMinimal = limiter.recordOverload()
        #expect(!wasMinimal)
        #expect(limiter.window == 5)
        // 429s from requests that were already in flight count once.
        for _ in 0..<4 { limiter.recordOverload() }
        #expect(limiter.window == 5)
        limiter.recordOverload()
        #expect(limiter.window == 2)
        for _ in 0..<4 { limiter.recordOverload() }
        #expect(limiter.window == 1)
        let atMinimum = limiter.recordOverload()
        #expect(atMinimum)
        #expect(limiter.window == 1)
        #expect(AdaptiveConcurrency(cap: 10, initial: 16).window == 10)
    }

    @Test("A 429 for one person delays only that person: the others are sent before its Retry-After")
    func oneRateLimitDelaysOnlyItsEvent() async throws {
        let clock = VirtualDispatchClock()
        let start = clock.now
        let store = InMemoryOutboxStore()
        let connector = FakeConnector()
        connector.fail("sub_0", with: [.rateLimited(retryAfter: .seconds(30), "slow down")])
        let people = Dictionary(uniqueKeysWithValues: (0..<9).map {
            ("sub_\($0)", OutboxDispatcherTests.person("sub_\($0)"))
        })
        _ = await store.enqueue((0..<9).map { Events.upsert($0, at: start) })
        let dispatcher = OutboxDispatcherTests.dispatcher(store, connector, people: people, clock: clock)
        let pass = try await dispatcher.runOnce()
        #expect(pass.delivered == 8 && pass.rateLimited == 1)
        #expect(clock.now.timeIntervalSince(start) < 30)
        let report = try await dispatcher.drain()
        #expect(report.delivered == 1)
        #expect(clock.now.timeIntervalSince(start) >= 30)
        #expect(connector.calls.filter { $0 == .upsert("sub_0") }.count == 1, "recorded once it succeeds")
    }

    @Test("Configured above Mailchimp's 10 simultaneous connections, the dispatcher keeps to 10: no 429")
    func mailchimpCapHolds() async throws {
        try await Emulator.with("mailchimp.py", ["--latency-ms", "60"]) { emulator in
            let connector = try MailchimpConnector(
                apiKey: Secret(MailchimpConnectorTests.key),
                settings: MailchimpSettings(listID: MailchimpConnectorTests.list),
                transport: URLSessionTransport(timeout: .seconds(10), maxConnectionsPerHost: 32),
                baseURL: emulator.url("/3.0"))
            let count = 60
            let people = Dictionary(uniqueKeysWithValues: (0..<count).map {
                ("sub_\($0)", ConnectorPerson(subject: "sub_\($0)", fields: ["email": "p\($0)@example.com"],
                                              purpose: "marketing_email"))
            })
            let store = InMemoryOutboxStore()
            _ = await store.enqueue((0..<count).map { Events.upsert($0, connector: "mailchimp", at: Date()) })
            let dispatcher = OutboxDispatcher(
                store: store, connectors: [connector], resolver: TableResolver(people: people),
                configuration: .init(batchSize: 64, defaultConcurrency: 16, concurrency: ["mailchimp": 16],
                                     idlePollInterval: 0.01))
            let report = try await dispatcher.drain()
            #expect(report.delivered == count)
            #expect(report.rateLimited == 0)
            let state = try await emulator.state()
            #expect((state["peak_inflight"]?.intValue ?? 99) <= 10)
            #expect(state["lists"]?[MailchimpConnectorTests.list]?["members"]?.objectValue?.count == count)
        }
    }
}
