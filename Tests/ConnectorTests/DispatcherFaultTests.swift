import ConnectorKit
import Foundation
import PDGateTesting
import MailchimpConnector
import Testing

/// The dispatcher against the Mailchimp emulator with injected faults: nothing lost, nothing applied twice.
@Suite("Outbox dispatcher under injected faults", .serialized, .timeLimit(.minutes(3)))
struct DispatcherFaultTests {
    static let list = "a1b2c3d4e5"

    /// 260 upserts (10 with an address Mailchimp rejects), then 40 erasures of people upserted first.
    struct Scenario {
        var events: [OutboxEvent] = []
        var people: [String: ConnectorPerson] = [:]
        var invalid: Set<String> = []
        var erased: Set<String> = []

        init(at date: Date) {
            for index in 0..<260 {
                let subject = "sub_\(index)"
                let email = index % 26 == 25 ? "broken\(index)@" : "person\(index)@example.com"
                if index % 26 == 25 { invalid.insert(subject) }
                people[subject] = ConnectorPerson(
                    subject: subject, fields: ["email": email, "full_name": "Person Number\(index)"],
                    purpose: "marketing_email")
                events.append(OutboxEvent(id: "u\(index)", connector: "mailchimp", operation: .upsert, subject: subject,
                                          purpose: "marketing_email", nextAttemptAt: date))
            }
            for index in stride(from: 0, to: 200, by: 5) {
                let subject = "sub_\(index)"
                erased.insert(subject)
                let ref = PersonRef(subject: subject, email: "person\(index)@example.com")
                events.append(OutboxEvent(id: "e\(index)", connector: "mailchimp", operation: .erase, subject: subject,
                                          purpose: "marketing_email", nextAttemptAt: date,
                                          payload: OutboxPayload(ref: ref).encoded()))
            }
        }

        /// Checks the emulator holds exactly what the events mean.
        func verify(_ state: JSONValue) {
            let members = state["lists"]?[DispatcherFaultTests.list]?["members"]?.objectValue ?? [:]
            let forgotten = Set(state["lists"]?[DispatcherFaultTests.list]?["forgotten"]?.arrayValue
                .compactMap(\.stringValue) ?? [])
            var expected: Set<String> = []
            for (subject, person) in people where !invalid.contains(subject) && !erased.contains(subject) {
                expected.insert(MailchimpConnector.subscriberHash(person.email ?? ""))
            }
            let erasedHashes = Set(erased.subtracting(invalid).map {
                MailchimpConnector.subscriberHash(people[$0]?.email ?? "")
            })
            #expect(Set(members.keys) == expected)
            #expect(forgotten == erasedHashes)
            for (hash, member) in members {
                #expect(member["status"] == "subscribed", "member \(hash)")
                #expect(member["merge_fields"]?["LNAME"]?.stringValue?.hasPrefix("Number") == true)
            }
        }
    }

    static func connector(
        _ emulator: Emulator,
        transport: any HTTPTransport = URLSessionTransport(timeout: .milliseconds(1500), maxConnectionsPerHost: 10)
    ) throws -> MailchimpConnector {
        try MailchimpConnector(apiKey: Secret("0123456789abcdef0123456789abcdef-us14"),
                               settings: MailchimpSettings(listID: list, allAudiences: false),
                               transport: transport, baseURL: emulator.url("/3.0"))
    }

    static func configuration(owner: String) -> OutboxDispatcher.Configuration {
        .init(owner: owner, batchSize: 40, leaseDuration: 120, concurrency: ["mailchimp": 10],
              retry: RetryPolicy(maxAttempts: 12, baseDelay: 1, maxDelay: 60))
    }

    @Test("30% faults (5xx, 429 with Retry-After, dropped connections, timeouts) over 300 events",
          arguments: TransportKind.allCases)
    func faultsLoseNothing(kind: TransportKind) async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            try await kind.with(timeout: .milliseconds(1500), maxConnectionsPerHost: 10) { transport in
                try await emulator.setFaults(["p500": 0.08, "p503": 0.04, "p429": 0.07, "retry_after": 2,
                                              "p_drop": 0.04, "p_drop_after": 0.05, "p_slow": 0.02, "slow_seconds": 2.5,
                                              "seed": 7])
                let clock = VirtualDispatchClock()
                let store = InMemoryOutboxStore()
                let scenario = Scenario(at: clock.now)
                #expect(await store.enqueue(scenario.events) == 300)
                let dispatcher = OutboxDispatcher(store: store,
                                                  connectors: [try Self.connector(emulator, transport: transport)],
                                                  resolver: TableResolver(people: scenario.people), clock: clock,
                                                  configuration: Self.configuration(owner: "a"))
                let report = try await dispatcher.drain()
                let stats = try await emulator.stats()
                #expect((stats["fault_500"]?.intValue ?? 0) > 0 && (stats["fault_429"]?.intValue ?? 0) > 0)
                #expect((stats["fault_drop_after"]?.intValue ?? 0) > 0)
                // Upserts travel in one batch call (a fault there retries the whole batch), erasures one by one.
                #expect(report.retried + report.rateLimited > 10)
                let dead = await store.deadLetters(connector: nil, limit: 100)
                #expect(Set(dead.map(\.event.subject)) == scenario.invalid)
                #expect(dead.allSatisfy { $0.code == .permanent },
                        "\(dead.map { "\($0.event.id) \($0.code) \($0.message)" })")
                #expect(await store.stats(now: clock.now).total.done == 300 - scenario.invalid.count)
                for subject in scenario.erased {
                    let result = await store.result(of: "e\(subject.dropFirst(4))")
                    if scenario.invalid.contains(subject) {
                        // Never accepted by Mailchimp: nothing was held. Only after an attempt that got no answer at
                        // all (which may have been applied) does the dispatcher record the absence as erased.
                        let unanswered = await store.history(of: "e\(subject.dropFirst(4))").contains {
                            $0.status == nil && $0.code == .transient
                        }
                        #expect(result == .erasure(unanswered ? .erased : .notFound))
                    } else {
                        // A retry the dispatcher sees is recorded as erased; `.notFound` remains possible only when
                        // the transport itself silently re-sent a request whose connection died after the change was
                        // applied (libcurl does so on a reused connection).
                        #expect(result == .erasure(.erased) || result == .erasure(.notFound))
                    }
                }
                scenario.verify(try await emulator.state())
            }
        }
    }

    @Test("A dispatcher killed mid-batch is replaced by a new one on the same store: it resumes, no duplicates")
    func restartResumes() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            try await emulator.setFaults(["p500": 0.05, "p_drop_after": 0.05, "seed": 11])
            let clock = VirtualDispatchClock()
            let store = InMemoryOutboxStore()
            let scenario = Scenario(at: clock.now)
            _ = await store.enqueue(scenario.events)
            // One call per person, so that the kill lands between deliveries (a batch settles all its people at once).
            let connector = OneByOne(inner: try Self.connector(emulator))
            let first = OutboxDispatcher(store: store, connectors: [connector],
                                         resolver: TableResolver(people: scenario.people), clock: clock,
                                         configuration: Self.configuration(owner: "first"))
            let run = Task { try await first.drain() }
            while await store.stats(now: clock.now).total.done < 90 { try await Task.sleep(for: .milliseconds(2)) }
            run.cancel()
            _ = try? await run.value
            let leftover = await store.stats(now: clock.now).total
            #expect(leftover.leased > 0, "the kill should leave leased events behind")
            let killedAt = Date()
            let second = OutboxDispatcher(store: store, connectors: [OneByOne(inner: try Self.connector(emulator))],
                                          resolver: TableResolver(people: scenario.people), clock: clock,
                                          configuration: Self.configuration(owner: "second"))
            try await second.drain()
            #expect(Date().timeIntervalSince(killedAt) < 30, "the leases expire on the virtual clock")
            let total = await store.stats(now: clock.now).total
            #expect(total.done == 300 - scenario.invalid.count)
            #expect(total.deadLettered == scenario.invalid.count)
            scenario.verify(try await emulator.state())
        }
    }
}

/// A connector without its batch capability: the dispatcher sends each person alone.
struct OneByOne: Connector {
    let inner: any Connector

    var name: String { inner.name }
    var maxConcurrentRequests: Int? { inner.maxConcurrentRequests }

    func upsert(_ person: ConnectorPerson) async throws -> String? { try await inner.upsert(person) }

    func suppress(_ ref: PersonRef, reason: SuppressionReason) async throws {
        try await inner.suppress(ref, reason: reason)
    }

    func erase(_ ref: PersonRef) async throws -> ErasureOutcome { try await inner.erase(ref) }

    func read(_ ref: PersonRef) async throws -> ConnectorHolding? { try await inner.read(ref) }
}
