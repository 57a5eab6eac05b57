import Core
import ConnectorKit
import Foundation
import PDGateTesting
import Gateway
import Keyring
import MailchimpConnector
import Testing
import UniSenderConnector

/// What pdgate records about a recipient is what the recipient did: a change is done only on an answer that proves
/// it, a dead letter says why, pdgate's own suppression echoed back is not the person's act, and each call carries
/// only what its purpose declares, with names in the operator's order.
@Suite("Gateway and connectors: recorded outcomes match the services", .serialized, .timeLimit(.minutes(2)))
struct GatewayConnectorTruthTests {
    static let officer = GatewaySyncTests.officer
    static let list = GatewaySyncTests.list
    static let capture = ConsentCapture(channel: "web_form", source: "form:test")

    static func gateway(_ routes: [ConnectorRoute]) async throws -> Gateway {
        let base = try await GatewaySyncTests.makeGateway()
        return try Gateway(directory: base.directory, policies: base.policies, notices: base.notices,
                           connectors: routes)
    }

    static func mailchimp(_ emulator: Emulator) throws -> MailchimpConnector {
        try MailchimpConnector(
            apiKey: Secret("0123456789abcdef0123456789abcdef-us14"), settings: MailchimpSettings(listID: list),
            transport: URLSessionTransport(timeout: .seconds(5)), baseURL: emulator.url("/3.0"))
    }

    static func drain(_ gateway: Gateway, _ connector: any Connector, maxAttempts: Int = 8) async throws
        -> DispatchReport {
        try await OutboxDispatcher(
            store: gateway.outbox, connectors: [connector], resolver: gateway.personResolver,
            configuration: .init(retry: RetryPolicy(maxAttempts: maxAttempts, baseDelay: 0.01, maxDelay: 0.05))
        ).drain()
    }

    static func create(_ gateway: Gateway, _ fields: [String: String], consents: [String]) async throws -> SubjectID {
        let created = try await gateway.createSubject(fields: fields, consents: consents, capture: capture,
                                                      principal: officer)
        return try #require(SubjectID(created.subject))
    }

    @Test("A withdrawal and an erasure behind a missing audience lookup end as dead letters with HTTP 404 and history")
    func deadLettersKeepDetail() async throws {
        let gateway = try await Self.gateway([ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"])])
        defer { try? FileManager.default.removeItem(at: gateway.directory.root) }
        let ann = try await Self.create(gateway, ["full_name": "Ли Анна", "email": "ann.lee@example.com"],
                                        consents: ["marketing_email"])
        let bob = try await Self.create(gateway, ["full_name": "Ли Борис", "email": "bob.lee@example.com"],
                                        consents: ["marketing_email"])
        try await Emulator.with("mailchimp.py", ["--unrouted", "GET /3.0/lists"]) { emulator in
            let connector = try Self.mailchimp(emulator)
            #expect(try await Self.drain(gateway, connector).delivered == 2)
            try await gateway.withdrawConsent(ann, purpose: "marketing_email", channel: "email_link",
                                              principal: Self.officer)
            _ = try await gateway.erase(bob, reason: "test erasure", principal: Self.officer)
            let report = try await Self.drain(gateway, connector, maxAttempts: 3)
            #expect(report.delivered == 0)
            #expect(report.deadLettered == 2)
            let members = try #require(try await emulator.state()["lists"]?[Self.list]?["members"]?.objectValue)
            #expect(members[MailchimpConnector.subscriberHash("ann.lee@example.com")]?["status"] == "subscribed")
            #expect(members[MailchimpConnector.subscriberHash("bob.lee@example.com")] != nil)

            let status = try await gateway.connectorStatus(principal: Self.officer)
            #expect(status.deadLetters.count == 2)
            for letter in status.deadLetters {
                #expect(letter.code == .invalidResponse)
                #expect(letter.status == 404)
                #expect(letter.attempts == 3)
                #expect(letter.history.count == 3)
                #expect(letter.history.allSatisfy { $0.status == 404 })
            }
        }
    }

    @Test("pdgate's own restriction, reported back by a pull, is an echo; the person's own unsubscribe withdraws")
    func restrictionEchoIsNotWithdrawal() async throws {
        let gateway = try await Self.gateway([ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"])])
        defer { try? FileManager.default.removeItem(at: gateway.directory.root) }
        let restricted = try await Self.create(gateway, ["full_name": "Ли Анна", "email": "ann.lee@example.com"],
                                               consents: ["marketing_email"])
        let leaving = try await Self.create(gateway, ["full_name": "Ли Борис", "email": "bob.lee@example.com"],
                                            consents: ["marketing_email"])
        try await Emulator.with("mailchimp.py") { emulator in
            let connector = try Self.mailchimp(emulator)
            _ = try await Self.drain(gateway, connector)
            try await gateway.restrict(restricted, principal: Self.officer, reason: "disputed accuracy")
            _ = try await Self.drain(gateway, connector)
            let members = try #require(try await emulator.state()["lists"]?[Self.list]?["members"]?.objectValue)
            #expect(members[MailchimpConnector.subscriberHash("ann.lee@example.com")]?["status"] == "unsubscribed")
            try await emulator.act(["email": "bob.lee@example.com", "action": "unsubscribe", "fire": false])

            let pull = try await gateway.pullInbound(from: connector, principal: Self.officer)
            #expect(pull.inbound.echoes == 1)
            #expect(pull.inbound.withdrawn == 1)
            #expect(try await gateway.consentState(restricted, purpose: "marketing_email").active)
            #expect(try await gateway.consentState(leaving, purpose: "marketing_email").active == false)
        }
    }

    @Test("A Russian full name (family given patronymic) gives FNAME the given name and LNAME the family name")
    func russianNameOrder() async throws {
        let gateway = try await Self.gateway([ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"])])
        defer { try? FileManager.default.removeItem(at: gateway.directory.root) }
        _ = try await Self.create(gateway, ["full_name": "Иванова Анна Петровна", "email": "anna@example.com"],
                                  consents: ["marketing_email"])
        try await Emulator.with("mailchimp.py") { emulator in
            _ = try await Self.drain(gateway, try Self.mailchimp(emulator))
            let member = try await emulator.state()["lists"]?[Self.list]?["members"]?[
                MailchimpConnector.subscriberHash("anna@example.com")]
            #expect(member?["merge_fields"]?["FNAME"] == "Анна")
            #expect(member?["merge_fields"]?["LNAME"] == "Иванова")
        }
    }

    static func unisender(_ emulator: Emulator) -> (UniSenderConnector, RecordingTransport) {
        let inner = URLSessionTransport(timeout: .seconds(5))
        let recorder = RecordingTransport { request in try await inner.send(request) }
        return (UniSenderConnector(apiKey: Secret("unisender-test-key"), settings: UniSenderSettings(listIDs: [134]),
                                   transport: recorder, baseURL: emulator.baseURL), recorder)
    }

    static func bodies(_ recorder: RecordingTransport, method: String) -> [String] {
        recorder.requests.filter { $0.url.path.hasSuffix("/api/\(method)") }
            .map { String(decoding: $0.body, as: UTF8.self) }
    }

    @Test("An e-mail consent withdrawal unsubscribes the e-mail in UniSender, never the phone")
    func emailWithdrawalLeavesPhone() async throws {
        let gateway = try await Self.gateway([
            ConnectorRoute(name: "unisender", purposes: ["marketing_email", "marketing_sms"]),
        ])
        defer { try? FileManager.default.removeItem(at: gateway.directory.root) }
        let id = try await Self.create(gateway, ["full_name": "Петров Пётр", "email": "petr@example.com",
                                                 "phone": "+79160001234"],
                                       consents: ["marketing_email", "marketing_sms"])
        try await Emulator.with("unisender.py") { emulator in
            let (connector, recorder) = Self.unisender(emulator)
            _ = try await Self.drain(gateway, connector)
            try await gateway.withdrawConsent(id, purpose: "marketing_email", channel: "email_link",
                                              principal: Self.officer)
            let report = try await Self.drain(gateway, connector)
            #expect(report.deadLettered == 0)
            let unsubscribes = Self.bodies(recorder, method: "unsubscribe")
            #expect(unsubscribes.count == 1)
            #expect(unsubscribes.allSatisfy { $0.contains("contact_type=email") })
            #expect(!unsubscribes.contains { $0.contains("contact_type=phone") || $0.contains("79160001234") })
        }
    }

    @Test("An erasure sends a connector only the identifiers its purposes declare: no phone for e-mail marketing")
    func erasureSendsDeclaredFieldsOnly() async throws {
        let gateway = try await Self.gateway([ConnectorRoute(name: "unisender", purposes: ["marketing_email"])])
        defer { try? FileManager.default.removeItem(at: gateway.directory.root) }
        let id = try await Self.create(gateway, ["full_name": "Петров Пётр", "email": "petr@example.com",
                                                 "phone": "+79160001234"],
                                       consents: ["marketing_email"])
        try await Emulator.with("unisender.py") { emulator in
            let (connector, recorder) = Self.unisender(emulator)
            _ = try await Self.drain(gateway, connector)
            _ = try await gateway.erase(id, reason: "test erasure", principal: Self.officer)
            _ = try await Self.drain(gateway, connector)
            // The upsert went in a batch through importContacts too; the erasure is the one row with `delete`.
            let imports = Self.bodies(recorder, method: "importContacts").filter { $0.contains("delete") }
            #expect(imports.count == 1)
            #expect(imports.allSatisfy { $0.contains("petr%40example.com") || $0.contains("petr@example.com") })
            #expect(!recorder.requests.contains { String(decoding: $0.body, as: UTF8.self).contains("79160001234") })
            #expect(try await emulator.state()["contacts"]?.objectValue?.isEmpty == true)
        }
    }
}
