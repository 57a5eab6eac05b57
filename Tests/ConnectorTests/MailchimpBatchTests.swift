import ConnectorKit
import Foundation
import MailchimpConnector
import PDGateTesting
import Testing

/// Batched upserts to Mailchimp through "Batch subscribe or unsubscribe" (`POST /lists/{id}`), with the dispatcher,
/// against the strict emulator.
// The limit guards against a hang only (the whole suite shares two cores).
@Suite("Mailchimp batched delivery through batch subscribe", .timeLimit(.minutes(5)))
struct MailchimpBatchTests {
    static let list = MailchimpConnectorTests.list

    static func recorder() -> RecordingTransport {
        let inner = URLSessionTransport(timeout: .seconds(10))
        return RecordingTransport { try await inner.send($0) }
    }

    static func person(_ index: Int, email: String? = nil) -> ConnectorPerson {
        ConnectorPerson(subject: "sub_\(index)", fields: ["email": email ?? "p\(index)@example.com",
                                                          "full_name": "Person \(index)"],
                        purpose: "marketing_email")
    }

    static func drain(_ connector: MailchimpConnector, people: [String: ConnectorPerson], events: Int,
                      store: InMemoryOutboxStore = InMemoryOutboxStore()) async throws -> DispatchReport {
        let at = VirtualDispatchClock().now
        _ = await store.enqueue((0..<events).map { Events.upsert($0, connector: "mailchimp", at: at) })
        return try await OutboxDispatcher(store: store, connectors: [connector], resolver: TableResolver(people: people),
                                          clock: VirtualDispatchClock(),
                                          configuration: .init(retry: RetryPolicy(maxAttempts: 5, baseDelay: 1,
                                                                                  maxDelay: 60)),
                                          random: { 0.5 }).drain()
    }

    /// The batch calls (`POST /3.0/lists/{id}`) and the single upserts (`PUT …/members/{hash}`) recorded.
    static func calls(_ recorder: RecordingTransport) -> (batches: [JSONValue], puts: Int) {
        let batches = recorder.requests.filter { $0.method == "POST" && $0.url.path.hasSuffix("/lists/\(list)") }
        let puts = recorder.requests.filter { $0.method == "PUT" }.count
        return (batches.compactMap { JSONValue.parse($0.body) }, puts)
    }

    static func members(_ emulator: Emulator) async throws -> [String: JSONValue] {
        try #require(try await emulator.state()["lists"]?[list]?["members"]?.objectValue)
    }

    @Test("1,200 people land as 1,200 members through 3 batch calls of at most 500, no single PUT")
    func batchLandsAsMembers() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            let recorder = Self.recorder()
            let people = Dictionary(uniqueKeysWithValues: (0..<1_200).map { ("sub_\($0)", Self.person($0)) })
            let report = try await Self.drain(try MailchimpConnectorTests.connector(emulator, transport: recorder),
                                              people: people, events: 1_200)
            #expect(report.delivered == 1_200 && report.deadLettered == 0)
            let calls = Self.calls(recorder)
            #expect(calls.batches.count == 3 && calls.puts == 0)
            #expect(calls.batches.allSatisfy { ($0["members"]?.arrayValue.count ?? 0) <= 500 })
            #expect(calls.batches.allSatisfy { $0["update_existing"] == false })
            let members = try await Self.members(emulator)
            #expect(members.count == 1_200)
            let one = try #require(members[MailchimpConnector.subscriberHash("p7@example.com")])
            #expect(one["status"] == "subscribed")
            #expect(one["merge_fields"]?["FNAME"] == "Person" && one["merge_fields"]?["LNAME"] == "7")
            #expect(one["merge_fields"]?["PHONE"] == "", "the purpose declares no phone")
        }
    }

    @Test("A member Mailchimp refuses is that person's dead letter with its error code, without the address")
    func refusedMemberIsOneDeadLetter() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            var people = Dictionary(uniqueKeysWithValues: (0..<10).map { ("sub_\($0)", Self.person($0)) })
            people["sub_4"] = Self.person(4, email: "not-an-address")
            let store = InMemoryOutboxStore()
            let recorder = Self.recorder()
            let report = try await Self.drain(try MailchimpConnectorTests.connector(emulator, transport: recorder),
                                              people: people, events: 10, store: store)
            #expect(report.delivered == 9 && report.deadLettered == 1 && report.retried == 0)
            let dead = try #require(await store.deadLetters(connector: nil, limit: 10).first)
            #expect(dead.event.subject == "sub_4")
            #expect(dead.code == .permanent && dead.apiErrorType == "ERROR_GENERIC")
            #expect(!dead.message.contains("not-an-address"))
            #expect(Self.calls(recorder).batches.count == 1)
            #expect(try await Self.members(emulator).count == 9)
        }
    }

    @Test("An existing member is updated through PUT and keeps their status; double opt-in is added pending")
    func existingMemberKeepsStatus() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            let connector = try MailchimpConnectorTests.connector(emulator)
            _ = try await connector.upsert(Self.person(1))
            try await connector.suppress(Self.person(1).ref, reason: .withdrawal)
            var renamed = Self.person(1)
            renamed.fields["full_name"] = "Renamed One"
            var invited = Self.person(2)
            invited.doubleOptIn = true
            let recorder = Self.recorder()
            let report = try await Self.drain(try MailchimpConnectorTests.connector(emulator, transport: recorder),
                                              people: ["sub_0": Self.person(0), "sub_1": renamed, "sub_2": invited],
                                              events: 3)
            #expect(report.delivered == 3 && report.deadLettered == 0)
            let calls = Self.calls(recorder)
            #expect(calls.batches.count == 1 && calls.puts == 1, "one batch, then the existing member alone")
            let members = try await Self.members(emulator)
            let one = try #require(members[MailchimpConnector.subscriberHash("p1@example.com")])
            #expect(one["status"] == "unsubscribed" && one["merge_fields"]?["FNAME"] == "Renamed")
            #expect(members[MailchimpConnector.subscriberHash("p2@example.com")]?["status"] == "pending")
        }
    }

    @Test("A permanently deleted address is that person's dead letter; re-permission goes alone through PUT")
    func forgottenAndReconfirm() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            let connector = try MailchimpConnectorTests.connector(emulator)
            _ = try await connector.upsert(Self.person(3))
            _ = try await connector.upsert(Self.person(4))
            #expect(try await connector.erase(Self.person(3).ref) == .erased)
            var reconfirm = Self.person(4)
            reconfirm.reconfirm = true
            let store = InMemoryOutboxStore()
            let recorder = Self.recorder()
            let people = ["sub_0": Self.person(0), "sub_3": Self.person(3), "sub_4": reconfirm]
            let at = VirtualDispatchClock().now
            _ = await store.enqueue([0, 3, 4].map { Events.upsert($0, connector: "mailchimp", at: at) })
            let report = try await Self.drain(try MailchimpConnectorTests.connector(emulator, transport: recorder),
                                              people: people, events: 0, store: store)
            #expect(report.delivered == 2 && report.deadLettered == 1)
            #expect(await store.deadLetters(connector: nil, limit: 5).first?.event.subject == "sub_3")
            let batch = try #require(Self.calls(recorder).batches.first)
            #expect(batch["members"]?.arrayValue.count == 2, "the re-permission is not in the batch")
            #expect(try await Self.members(emulator)[MailchimpConnector.subscriberHash("p4@example.com")]?["status"]
                == "pending")
        }
    }

    @Test("The emulator refuses more than 500 members and a status_if_new in a batch, as documented")
    func emulatorKeepsTheLimit() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            let auth = [("Authorization", HTTPAuthorization.basic(user: "t", password: Secret(MailchimpConnectorTests.key)))]
            let url = emulator.url("/3.0/lists/\(Self.list)")
            let many = JSONValue.array((0..<501).map { ["email_address": .string("x\($0)@example.com"),
                                                        "status": "subscribed"] })
            let tooMany = try await emulator.api(.json("POST", url, body: ["members": many], headers: auth))
            #expect(tooMany.status == 400 && tooMany.json?["title"] == "Invalid Resource")
            let ifNew = try await emulator.api(.json("POST", url, body: ["members": [["email_address": "y@example.com",
                                                                                   "status_if_new": "subscribed"]]],
                                                     headers: auth))
            #expect(ifNew.status == 400)
            #expect(try await Self.members(emulator).isEmpty)
        }
    }

    @Test("A batch member carries only the purpose's fields, its name split in the person's order (RU: ФИО)")
    func memberCarriesDeclaredFieldsOnly() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            let recorder = Self.recorder()
            var anna = Self.person(0)
            anna.fields["full_name"] = "Иванова Анна Петровна"
            anna.fields["birthday"] = "1990-04-19"
            anna.nameOrder = PersonNameOrder.default(forJurisdiction: "RU")
            anna.tags = ["кофе"]
            let report = try await Self.drain(try MailchimpConnectorTests.connector(emulator, transport: recorder),
                                              people: ["sub_0": anna], events: 1)
            #expect(report.delivered == 1)
            let member = try #require(Self.calls(recorder).batches.first?["members"]?[0])
            #expect(member["status"] == "subscribed" && member["status_if_new"] == nil)
            #expect(Set(member["merge_fields"]?.objectValue?.keys ?? [:].keys) == ["FNAME", "LNAME", "BIRTHDAY"],
                    "no PHONE: the purpose does not declare it")
            #expect(member["merge_fields"]?["FNAME"] == "Анна" && member["merge_fields"]?["LNAME"] == "Иванова")
            let held = try #require(try await Self.members(emulator)[MailchimpConnector.subscriberHash("p0@example.com")])
            #expect(held["merge_fields"]?["BIRTHDAY"] == "04/19" && held["tags"]?[0]?["name"] == "кофе")
        }
    }
}
