import ConnectorKit
import Foundation
import Gateway
import Keyring
import MailchimpConnector
import Testing

/// Re-permission and what Mailchimp reports back, end to end: pdgate's outbox → the Mailchimp emulator → the
/// emulator's list webhooks (form posts, as Mailchimp sends them) → pdgate's server; and the same through a pull.
@Suite("Mailchimp inbound: re-permission, unsubscribes and bounces by webhook and by pull", .serialized,
       .timeLimit(.minutes(2)))
struct MailchimpInboundTests {
    static let list = GatewaySyncTests.list
    static let officer = InboundHarness.officer

    static func connector(_ emulator: Emulator) throws -> MailchimpConnector {
        try MailchimpConnector(apiKey: Secret("0123456789abcdef0123456789abcdef-us14"),
                               settings: MailchimpSettings(listID: list),
                               transport: URLSessionTransport(timeout: .seconds(5)), baseURL: emulator.url("/3.0"))
    }

    /// Registers the list webhook the way an operator would (`POST /lists/{id}/webhooks`); Mailchimp checks the
    /// URL with a GET first.
    static func registerWebhook(_ emulator: Emulator, server: String) async throws {
        let response = try await emulator.api(.json(
            "POST", emulator.url("/3.0/lists/\(list)/webhooks"),
            body: ["url": .string("\(server)/inbound/mailchimp/\(InboundHarness.mailchimpSecret)"),
                   "events": ["subscribe": true, "unsubscribe": true, "cleaned": true],
                   "sources": ["user": true, "admin": true, "api": false]],
            headers: [("Authorization", HTTPAuthorization.basic(user: "ops",
                                                                password: Secret("0123456789abcdef0123456789abcdef-us14")))]))
        #expect(response.status == 200, "Mailchimp's URL check must pass")
    }

    static func members(_ emulator: Emulator) async throws -> [String: JSONValue] {
        try #require(try await emulator.state()["lists"]?[list]?["members"]?.objectValue)
    }

    @Test("Reconfirm asks legacy people only; Mailchimp's confirmation proves consent once, by webhook or by pull")
    func reconfirmation() async throws {
        let harness = try await InboundHarness.make(["mailchimp"])
        defer { harness.cleanup() }
        try harness.importPeople(["Первая Легаси;legacy.one@example.com;да", "Вторая Легаси;legacy.two@example.com;да",
                                  "Отказ Нетов;said.no@example.com;нет", "Молчун Тихий;silent@example.com;"])
        let gateway = harness.gateway
        try await Emulator.with("mailchimp.py") { emulator in
            try await harness.withServer { server in
                try await Self.registerWebhook(emulator, server: server)
                let dry = try await gateway.reconfirm(purpose: "marketing_email", window: 30 * 86_400, dryRun: true,
                                                      principal: Self.officer)
                #expect(dry.legacy == 2 && dry.requested == 2)
                let report = try await gateway.reconfirm(purpose: "marketing_email", window: 30 * 86_400,
                                                         principal: Self.officer)
                #expect(report.requested == 2 && report.connectors == ["mailchimp"])
                let again = try await gateway.reconfirm(purpose: "marketing_email", window: 30 * 86_400,
                                                        principal: Self.officer)
                #expect(again.requested == 0 && again.skippedRecent == 2, "nobody is asked twice within the window")

                _ = try await GatewaySyncTests.dispatcher(gateway, emulator).drain()
                var members = try await Self.members(emulator)
                #expect(members[MailchimpConnector.subscriberHash("legacy.one@example.com")]?["status"] == "pending")
                #expect(members[MailchimpConnector.subscriberHash("legacy.two@example.com")]?["status"] == "pending")
                #expect(members.count == 2, "nobody without consent is contacted")

                // Legacy One confirms in Mailchimp's e-mail; Mailchimp retries the webhook once.
                let confirmed = try await emulator.act(["email": "legacy.one@example.com", "action": "confirm",
                                                        "repeat": 2])
                #expect(confirmed["deliveries"] == [200, 200])
                let one = try await harness.consent("legacy.one@example.com")
                #expect(one.active && one.proven && one.usable)
                let history = try await gateway.consentHistory(try await harness.subject("legacy.one@example.com"),
                                                               principal: Self.officer)
                #expect(history.count == 2, "the retried webhook had no second effect")
                let proof = try #require(history.last)
                #expect(proof.provenance == .captured && proof.channel == "mailchimp")
                #expect(proof.source == "mailchimp:double_opt_in")
                #expect(proof.evidence?.contains("subscribe") == true)
                #expect(try await !harness.consent("legacy.two@example.com").proven)

                // The pull sees the same confirmation (a duplicate) and a pending member is no confirmation.
                let connector = try Self.connector(emulator)
                let first = try await gateway.pullInbound(from: connector, principal: Self.officer)
                #expect(first.inbound.confirmed == 0 && first.inbound.duplicates == 1)
                #expect(first.mark != nil)
                // Legacy Two confirms while the webhook cannot reach pdgate: the next pull catches it, once.
                try await emulator.act(["email": "legacy.two@example.com", "action": "confirm", "fire": false])
                let second = try await gateway.pullInbound(from: connector, principal: Self.officer)
                #expect(second.inbound.confirmed == 1)
                #expect(try await harness.consent("legacy.two@example.com").proven)
                let third = try await gateway.pullInbound(from: connector, principal: Self.officer)
                #expect(third.inbound.confirmed == 0 && third.inbound.withdrawn == 0)

                // Proven now, both are synced as subscribed members.
                _ = try await GatewaySyncTests.dispatcher(gateway, emulator).drain()
                members = try await Self.members(emulator)
                #expect(members.values.allSatisfy { $0["status"] == "subscribed" })
            }
        }
    }

    @Test("Unsubscribe and complaint withdraw, a bounce marks invalid; a pull afterwards changes nothing more")
    func unsubscribeBounceAndPull() async throws {
        let harness = try await InboundHarness.make(["mailchimp"])
        defer { harness.cleanup() }
        let gateway = harness.gateway
        let people = ["leaves@example.com", "complains@example.com", "bounces@example.com", "stays@example.com"]
        try harness.importPeople(people.enumerated().map { "Человек Номер\($0.offset);\($0.element);" })
        for email in people {
            try await gateway.giveConsent(try await harness.subject(email), purpose: "marketing_email",
                                          capture: ConsentCapture(channel: "web_form", source: "test"),
                                          principal: Self.officer)
        }
        try await Emulator.with("mailchimp.py") { emulator in
            try await harness.withServer { server in
                _ = try await GatewaySyncTests.dispatcher(gateway, emulator).drain()
                try await Self.registerWebhook(emulator, server: server)
                #expect(try await emulator.act(["email": "leaves@example.com", "action": "unsubscribe"])["deliveries"]
                    == [200])
                #expect(try await emulator.act(["email": "complains@example.com", "action": "complain", "repeat": 2])[
                    "deliveries"] == [200, 200])
                #expect(try await emulator.act(["email": "bounces@example.com", "action": "bounce"])["deliveries"]
                    == [200])
                #expect(try await !harness.consent("leaves@example.com").active)
                let complaint = try await gateway.consentHistory(try await harness.subject("complains@example.com"),
                                                                 principal: Self.officer)
                #expect(complaint.map(\.action) == [.given, .withdrawn])
                #expect(complaint.last?.source == "mailchimp:complaint:abuse")
                let bounced = try await harness.subject("bounces@example.com")
                #expect(try await harness.consent("bounces@example.com").active, "a bounce withdraws nothing")
                #expect(try await gateway.vault.read { tx in
                    try tx.addressStatus(subject: bounced.rawValue, kind: "email")
                }?.status == "invalid")

                let pulled = try await gateway.pullInbound(from: try Self.connector(emulator), principal: Self.officer)
                #expect(pulled.inbound.withdrawn == 0 && pulled.inbound.markedInvalid == 0)
                #expect(pulled.inbound.duplicates == 3)
                #expect(pulled.inbound.ignored == 1, "a subscribed member pdgate did not ask to confirm proves nothing")
                #expect(try await harness.consent("stays@example.com").active)
            }
        }
    }
}
