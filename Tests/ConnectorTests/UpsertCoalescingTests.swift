import ConnectorKit
import Foundation
import PDGateTesting
import Testing

@Suite("Upserts coalesced per person and connector at send time", .timeLimit(.minutes(1)))
struct UpsertCoalescingTests {
    @Test("An import and a consent event queued before the send reach the service once, with the latest state")
    func importAndConsentSendOnce() async throws {
        let clock = VirtualDispatchClock()
        let queued = clock.now
        let store = InMemoryOutboxStore()
        let connector = FakeConnector()
        let people = ["sub_1": OutboxDispatcherTests.person("sub_1"), "sub_2": OutboxDispatcherTests.person("sub_2")]
        _ = await store.enqueue([Events.upsert(1, at: queued), Events.upsert(2, at: queued),
                                 Events.upsert(3, subject: "sub_1", at: queued)])
        clock.advance(by: 60)   // the sync runs a minute after the import
        let dispatcher = OutboxDispatcherTests.dispatcher(store, connector, people: people, clock: clock)
        let report = try await dispatcher.drain()
        #expect(connector.calls.filter { $0 == .upsert("sub_1") }.count == 1)
        #expect(connector.calls.count == 2)
        #expect(report.delivered == 3)
        let first = await store.result(of: "evt_u1")
        #expect(await store.result(of: "evt_u3") == first, "the same id as the send that covered it")
    }

    @Test("A change queued after the send, or within the margin of it, is sent again")
    func laterChangeIsSent() async throws {
        let clock = VirtualDispatchClock()
        let store = InMemoryOutboxStore()
        let connector = FakeConnector()
        let people = ["sub_1": OutboxDispatcherTests.person("sub_1")]
        let dispatcher = OutboxDispatcherTests.dispatcher(store, connector, people: people, clock: clock)
        _ = await store.enqueue([Events.upsert(1, at: clock.now)])
        try await dispatcher.drain()
        clock.advance(by: 1)
        _ = await store.enqueue([Events.upsert(2, subject: "sub_1", at: clock.now)])
        try await dispatcher.drain()
        #expect(connector.calls == [.upsert("sub_1"), .upsert("sub_1")])
    }
}
