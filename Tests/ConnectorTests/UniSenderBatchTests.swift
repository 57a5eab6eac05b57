import ConnectorKit
import Foundation
import PDGateTesting
import Synchronization
import Testing
import UniSenderConnector

/// Batched upserts to UniSender through `importContacts`, with the dispatcher, against the strict emulator.
// The limit guards against a hang only: beside the whole suite on two cores one test has taken over 2 minutes.
@Suite("UniSender batched delivery through importContacts", .timeLimit(.minutes(5)))
struct UniSenderBatchTests {
    static func connector(_ emulator: Emulator, transport: (any HTTPTransport)? = nil) -> UniSenderConnector {
        UniSenderConnector(apiKey: Secret("unisender-test-key"), settings: UniSenderSettings(listIDs: [134]),
                           transport: transport ?? URLSessionTransport(timeout: .seconds(10)),
                           baseURL: emulator.baseURL)
    }

    /// A transport that records requests on the way to the emulator.
    static func recorder() -> RecordingTransport {
        let inner = URLSessionTransport(timeout: .seconds(10))
        return RecordingTransport { try await inner.send($0) }
    }

    static func person(_ index: Int, email: String? = nil) -> ConnectorPerson {
        ConnectorPerson(subject: "sub_\(index)", fields: ["email": email ?? "p\(index)@example.com",
                                                          "full_name": "Person \(index)"],
                        purpose: "marketing_email")
    }

    static func dispatcher(_ store: InMemoryOutboxStore, _ connector: UniSenderConnector,
                           people: [String: ConnectorPerson]) -> OutboxDispatcher {
        OutboxDispatcher(store: store, connectors: [connector], resolver: TableResolver(people: people),
                         clock: VirtualDispatchClock(),
                         configuration: .init(retry: RetryPolicy(maxAttempts: 5, baseDelay: 1, maxDelay: 60)),
                         random: { 0.5 })
    }

    static func calls(_ recorder: RecordingTransport, _ method: String) -> [String] {
        recorder.requests.filter { $0.url.path.hasSuffix("/api/\(method)") }
            .map { String(decoding: $0.body, as: UTF8.self) }
    }

    static func upserts(_ count: Int) -> [OutboxEvent] {
        (0..<count).map { Events.upsert($0, connector: "unisender", at: VirtualDispatchClock().now) }
    }

    @Test("1,200 people land as 1,200 contacts in the list through 3 importContacts calls, no subscribe")
    func batchLandsAsContacts() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let recorder = Self.recorder()
            let people = Dictionary(uniqueKeysWithValues: (0..<1_200).map { ("sub_\($0)", Self.person($0)) })
            let store = InMemoryOutboxStore()
            _ = await store.enqueue(Self.upserts(1_200))
            let report = try await Self.dispatcher(store, Self.connector(emulator, transport: recorder), people: people)
                .drain()
            #expect(report.delivered == 1_200 && report.deadLettered == 0)
            #expect(Self.calls(recorder, "importContacts").count == 3)
            #expect(Self.calls(recorder, "subscribe").isEmpty)
            let contacts = try #require(try await emulator.state()["contacts"]?.objectValue)
            #expect(contacts.count == 1_200)
            let one = try #require(contacts["p7@example.com"])
            #expect(one["email_status"] == "new")
            #expect(one["fields"]?["Name"] == "Person", "the given name, in the default given-family order")
            #expect(one["lists"]?["134"]?["status"] == "new")
        }
    }

    @Test("A row UniSender refuses is that person's dead letter, without their address; the others are delivered")
    func refusedRowIsOneDeadLetter() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let recorder = Self.recorder()
            var people = Dictionary(uniqueKeysWithValues: (0..<10).map { ("sub_\($0)", Self.person($0)) })
            people["sub_4"] = Self.person(4, email: "info@example.com")   // a role address: not imported
            let store = InMemoryOutboxStore()
            _ = await store.enqueue(Self.upserts(10))
            let report = try await Self.dispatcher(store, Self.connector(emulator, transport: recorder), people: people)
                .drain()
            #expect(report.delivered == 9 && report.deadLettered == 1 && report.retried == 0)
            let dead = try #require(await store.deadLetters(connector: nil, limit: 10).first)
            #expect(dead.event.subject == "sub_4")
            #expect(dead.code == .permanent && dead.apiErrorType == "invalid_arg")
            #expect(dead.message.contains("importContacts") && !dead.message.contains("info@"))
            #expect(Self.calls(recorder, "importContacts").count == 1)
            #expect(try await emulator.state()["contacts"]?.objectValue?.count == 9)
        }
    }

    @Test("A 5xx retries the whole batch once: every person lands once, nothing doubled or dead")
    func serverErrorRetriesBatch() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let inner = URLSessionTransport(timeout: .seconds(10))
            let failed = Mutex(false)
            let recorder = RecordingTransport { request in
                let failNow = failed.withLock { done in
                    defer { done = true }
                    return !done
                }
                if failNow {
                    return TransportResponse(status: 500, headers: ["Content-Type": "text/html"],
                                             body: Data("<h1>500</h1>".utf8))
                }
                return try await inner.send(request)
            }
            let people = Dictionary(uniqueKeysWithValues: (0..<50).map { ("sub_\($0)", Self.person($0)) })
            let store = InMemoryOutboxStore()
            _ = await store.enqueue(Self.upserts(50))
            let report = try await Self.dispatcher(store, Self.connector(emulator, transport: recorder), people: people)
                .drain()
            #expect(report.retried == 50 && report.delivered == 50 && report.deadLettered == 0)
            #expect(Self.calls(recorder, "importContacts").count == 2, "one failed call, then one retry of the batch")
            #expect(try await emulator.state()["contacts"]?.objectValue?.count == 50)
            #expect(await store.history(of: "evt_u3").map(\.status) == [500])
        }
    }

    @Test("People to invite go through subscribe; withdrawal and erasure stay per person")
    func perPersonOperationsStay() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let recorder = Self.recorder()
            let connector = Self.connector(emulator, transport: recorder)
            _ = try await connector.upsert(Self.person(8))
            _ = try await connector.upsert(Self.person(9))
            var invited = Self.person(2)
            invited.doubleOptIn = true
            let people = ["sub_0": Self.person(0), "sub_1": Self.person(1), "sub_2": invited]
            let at = VirtualDispatchClock().now
            let store = InMemoryOutboxStore()
            _ = await store.enqueue(Self.upserts(3) + [
                OutboxEvent(id: "evt_s8", connector: "unisender", operation: .suppress, subject: "sub_8",
                            purpose: "marketing_email", nextAttemptAt: at,
                            payload: OutboxPayload(ref: Self.person(8).ref, reason: .withdrawal).encoded()),
                Events.erase(9, connector: "unisender", ref: Self.person(9).ref, at: at),
            ])
            let report = try await Self.dispatcher(store, connector, people: people).drain()
            #expect(report.delivered == 5 && report.deadLettered == 0)
            let imports = Self.calls(recorder, "importContacts")
            #expect(imports.count == 2)
            let upserts = imports.filter { !$0.contains("delete") }
            #expect(upserts.allSatisfy { !$0.contains("p2%40") && $0.contains("p0%40") })
            #expect(Self.calls(recorder, "subscribe").count == 3, "two set-up subscribes and the invited person")
            #expect(Self.calls(recorder, "unsubscribe").count == 1)
            let contacts = try #require(try await emulator.state()["contacts"]?.objectValue)
            #expect(contacts["p2@example.com"]?["email_status"] == "invited")
            #expect(contacts["p8@example.com"]?["lists"]?["134"]?["status"] == "unsubscribed")
            #expect(contacts["p9@example.com"] == nil)
            #expect(await store.result(of: "evt_e9") == .erasure(.erased))
        }
    }

    @Test("Name is the given name of the person's name order, in subscribe and importContacts alike (RU: ФИО)")
    func nameFollowsNameOrder() async throws {
        try await Emulator.with("unisender.py") { emulator in
            func russian(_ index: Int) -> ConnectorPerson {
                var person = Self.person(index)
                person.fields["full_name"] = "Иванова Анна Петровна"
                person.nameOrder = PersonNameOrder.default(forJurisdiction: "RU")
                return person
            }
            var invited = russian(2)
            invited.doubleOptIn = true   // goes through subscribe
            let store = InMemoryOutboxStore()
            _ = await store.enqueue(Self.upserts(3))
            let people = ["sub_0": russian(0), "sub_1": russian(1), "sub_2": invited]
            let report = try await Self.dispatcher(store, Self.connector(emulator), people: people).drain()
            #expect(report.delivered == 3)
            let contacts = try #require(try await emulator.state()["contacts"]?.objectValue)
            for index in 0..<3 {
                #expect(contacts["p\(index)@example.com"]?["fields"]?["Name"] == "Анна")
            }
            // The connector's own setting overrides the jurisdiction, as Mailchimp's does.
            let override = UniSenderConnector(
                apiKey: Secret("unisender-test-key"),
                settings: UniSenderSettings(listIDs: [134], nameOrder: .givenFamily),
                transport: URLSessionTransport(timeout: .seconds(10)), baseURL: emulator.baseURL)
            _ = try await override.upsert(russian(3))
            #expect(try await emulator.state()["contacts"]?["p3@example.com"]?["fields"]?["Name"] == "Иванова")
        }
    }
}
