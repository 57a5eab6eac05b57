import ConnectorKit
import Foundation
import PDGateTesting
import MailchimpConnector
import Synchronization
import Testing

/// An event is done only on an answer that proves the effect, or proves the person absent by Mailchimp's documented
/// "not found" for that call. A 404 from a route that should exist (the audience lookup behind a proxy, a wrong base
/// URL) proves nothing: it is retried and ends as a dead letter with its HTTP status.
@Suite("Mailchimp: an ambiguous answer never counts as done", .timeLimit(.minutes(1)))
struct MailchimpAmbiguousAnswerTests {
    static let list = "a1b2c3d4e5"
    static let email = "ann.lee@example.com"

    static func connector(_ emulator: Emulator, transport: (any HTTPTransport)? = nil) throws -> MailchimpConnector {
        try MailchimpConnector(
            apiKey: Secret("0123456789abcdef0123456789abcdef-us14"), settings: MailchimpSettings(listID: list),
            transport: transport ?? URLSessionTransport(timeout: .seconds(5)), baseURL: emulator.url("/3.0"))
    }

    static let ann = ConnectorPerson(subject: "sub_ann", fields: ["email": email, "full_name": "Ann Lee"],
                                     purpose: "marketing_email")

    static func event(_ id: String, _ operation: OutboxEvent.Operation, at date: Date) -> OutboxEvent {
        OutboxEvent(id: id, connector: "mailchimp", operation: operation, subject: "sub_ann",
                    purpose: "marketing_email", nextAttemptAt: date,
                    payload: OutboxPayload(ref: PersonRef(subject: "sub_ann", email: email),
                                           reason: operation == .suppress ? .withdrawal : nil).encoded())
    }

    static func dispatcher(_ store: InMemoryOutboxStore, _ connector: MailchimpConnector, clock: VirtualDispatchClock,
                           maxAttempts: Int = 3) -> OutboxDispatcher {
        OutboxDispatcher(store: store, connectors: [connector], resolver: TableResolver(people: [:]), clock: clock,
                         configuration: .init(retry: RetryPolicy(maxAttempts: maxAttempts, baseDelay: 1, maxDelay: 5)),
                         random: { 0.5 })
    }

    @Test("A bare 404 from GET /lists?email= is an error, not 'member not found'")
    func lookupRouteMissingIsAnError() async throws {
        try await Emulator.with("mailchimp.py", ["--unrouted", "GET /3.0/lists"]) { emulator in
            let connector = try Self.connector(emulator)
            _ = try await connector.upsert(Self.ann)
            let suppress = try await #require(throws: ConnectorError.self) {
                try await connector.suppress(PersonRef(subject: "sub_ann", email: Self.email), reason: .withdrawal)
            }
            #expect(suppress.code == .invalidResponse)
            #expect(suppress.status == 404)
            let erase = try await #require(throws: ConnectorError.self) {
                try await connector.erase(PersonRef(subject: "sub_ann", email: Self.email))
            }
            #expect(erase.code == .invalidResponse)
            #expect(erase.code != .notFound)
        }
    }

    @Test("Suppression and erasure behind a missing lookup route are retried, then dead letters with HTTP 404")
    func deadLettersWithStatus() async throws {
        try await Emulator.with("mailchimp.py", ["--unrouted", "GET /3.0/lists"]) { emulator in
            let connector = try Self.connector(emulator)
            _ = try await connector.upsert(Self.ann)
            let clock = VirtualDispatchClock()
            let store = InMemoryOutboxStore()
            _ = await store.enqueue([Self.event("evt_s", .suppress, at: clock.now)])
            _ = await store.enqueue([OutboxEvent(
                id: "evt_e", connector: "mailchimp", operation: .erase, subject: "sub_other",
                purpose: "marketing_email", nextAttemptAt: clock.now,
                payload: OutboxPayload(ref: PersonRef(subject: "sub_other", email: Self.email)).encoded())])
            let report = try await Self.dispatcher(store, connector, clock: clock).drain()
            #expect(report.delivered == 0)
            #expect(report.deadLettered == 2)
            #expect(await store.result(of: "evt_s") == nil)
            #expect(await store.result(of: "evt_e") == nil)
            let dead = await store.deadLetters(connector: "mailchimp", limit: 10)
            #expect(dead.count == 2)
            for letter in dead {
                #expect(letter.status == 404)
                #expect(letter.code == .invalidResponse)
                #expect(letter.history.count == 3)
                #expect(letter.history.allSatisfy { $0.status == 404 && $0.code == .invalidResponse })
            }
            // Nothing changed at the service: the member is still subscribed, not erased.
            let member = try await emulator.state()["lists"]?[Self.list]?["members"]?[
                MailchimpConnector.subscriberHash(Self.email)]
            #expect(member?["status"] == "subscribed")
        }
    }

    @Test("Only the documented member-not-found proves absence; an unknown path answers something else")
    func documentedNotFoundOnly() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            let connector = try Self.connector(emulator)
            #expect(try await connector.erase(PersonRef(subject: "sub_x", email: "nobody@example.com")) == .notFound)
            try await connector.suppress(PersonRef(subject: "sub_x", email: "nobody@example.com"), reason: .withdrawal)
            // The emulator's unknown routes do not look like the documented member-not-found.
            let transport = URLSessionTransport(timeout: .seconds(5))
            var request = TransportRequest.json("GET", emulator.url("/3.0/lists/\(Self.list)/no-such-route"))
            request.setHeader("Authorization", HTTPAuthorization.basic(
                user: "u", password: Secret("0123456789abcdef0123456789abcdef-us14")))
            let unknown = try await transport.send(request)
            #expect(unknown.status == 404)
            #expect(!MailchimpConnector.isMemberNotFound(unknown))
        }
    }

    @Test("An erasure whose first answer was lost is recorded as erased on the retry, not as 'held nothing'")
    func retriedErasureIsErased() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            let inner = URLSessionTransport(timeout: .seconds(5))
            let lost = Mutex(false)
            // The first delete-permanent reaches Mailchimp, but its answer never comes back.
            let transport = RecordingTransport { request in
                let response = try await inner.send(request)
                let first = request.url.path.hasSuffix("delete-permanent")
                    && !lost.withLock { was in defer { was = true }; return was }
                if first {
                    throw ConnectorError(.transient, "connection dropped after the request was sent")
                }
                return response
            }
            let connector = try Self.connector(emulator, transport: transport)
            _ = try await connector.upsert(Self.ann)
            let clock = VirtualDispatchClock()
            let store = InMemoryOutboxStore()
            _ = await store.enqueue([Self.event("evt_e", .erase, at: clock.now)])
            let report = try await Self.dispatcher(store, connector, clock: clock).drain()
            #expect(report.delivered == 1)
            #expect(await store.result(of: "evt_e") == .erasure(.erased))
            #expect(await store.history(of: "evt_e").map(\.code) == [.transient])
        }
    }
}
