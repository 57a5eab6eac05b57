import ConnectorKit
import Foundation
import Gateway
import Keyring
import Testing
import UniSenderConnector

/// Re-permission and what UniSender reports back, end to end: pdgate's outbox → the UniSender emulator → its hooks
/// (JSON signed with the API key, as UniSender sends them) → pdgate's server; and the export as the fallback.
@Suite("UniSender inbound: double opt-in, hooks and the export fallback", .serialized, .timeLimit(.minutes(2)))
struct UniSenderInboundTests {
    static let officer = InboundHarness.officer

    static func connector(_ emulator: Emulator) -> UniSenderConnector {
        UniSenderConnector(apiKey: Secret(InboundHarness.unisenderKey), settings: UniSenderSettings(listIDs: [134]),
                           transport: URLSessionTransport(timeout: .seconds(5)), baseURL: emulator.baseURL)
    }

    static func dispatcher(_ gateway: Gateway, _ emulator: Emulator) -> OutboxDispatcher {
        OutboxDispatcher(store: gateway.outbox, connectors: [connector(emulator)], resolver: gateway.personResolver,
                         configuration: .init(retry: RetryPolicy(maxAttempts: 8, baseDelay: 0.01, maxDelay: 0.05)))
    }

    @Test("Reconfirm invites by double_optin=0; the hooks confirm, bounce and withdraw once; the export catches the rest")
    func endToEnd() async throws {
        let harness = try await InboundHarness.make(["unisender"])
        defer { harness.cleanup() }
        let gateway = harness.gateway
        try harness.importPeople(["Легаси Первая;first.legacy@example.com;да", "Легаси Вторая;second.legacy@example.com;да",
                                  "Доказанная Третья;proven.third@example.com;"])
        try await gateway.giveConsent(try await harness.subject("proven.third@example.com"), purpose: "marketing_email",
                                      capture: ConsentCapture(channel: "web_form", source: "test"),
                                      principal: Self.officer)
        try await Emulator.with("unisender.py") { emulator in
            try await harness.withServer { server in
                let report = try await gateway.reconfirm(purpose: "marketing_email", window: 86_400,
                                                         principal: Self.officer)
                #expect(report.requested == 2)
                _ = try await Self.dispatcher(gateway, emulator).drain()
                let contacts = try #require(try await emulator.state()["contacts"])
                #expect(contacts["first.legacy@example.com"]?["email_status"] == "invited")
                #expect(contacts["second.legacy@example.com"]?["email_status"] == "invited")
                #expect(contacts["proven.third@example.com"]?["email_status"] == "new", "held consent: no letter")

                let hook = try await emulator.api(.form(emulator.url("/ru/api/setHook?format=json"), fields: [
                    ("api_key", InboundHarness.unisenderKey),
                    ("hook_url", "\(server)/inbound/unisender/\(InboundHarness.unisenderSecret)"),
                    ("event_format", "json_post"), ("events[subscribe]", "*"), ("events[unsubscribe]", "*"),
                    ("events[email_status]", "*"), ("single_event", "0"), ("status", "active"),
                ]))
                #expect(hook.json?["error"] == nil)

                #expect(try await emulator.act(["email": "first.legacy@example.com", "action": "confirm"])[
                    "deliveries"] == [200])
                let first = try await harness.consent("first.legacy@example.com")
                #expect(first.proven && first.usable)
                let proof = try await gateway.consentHistory(try await harness.subject("first.legacy@example.com"),
                                                             principal: Self.officer).last
                #expect(proof?.source == "unisender:double_opt_in" && proof?.evidence?.contains("subscribe") == true)

                // A soft bounce and a read change nothing; a hard bounce marks the address invalid.
                try await emulator.act(["email": "proven.third@example.com", "action": "soft_bounce"])
                try await emulator.act(["email": "proven.third@example.com", "action": "read"])
                let third = try await harness.subject("proven.third@example.com")
                #expect(try await gateway.vault.read { tx in try tx.addressStatus(subject: third.rawValue, kind: "email") }
                    == nil)
                try await emulator.act(["email": "proven.third@example.com", "action": "bounce"])
                #expect(try await gateway.vault.read { tx in try tx.addressStatus(subject: third.rawValue, kind: "email") }?
                    .status == "invalid")
                #expect(try await harness.consent("proven.third@example.com").active)

                // An unsubscribe delivered twice withdraws once.
                #expect(try await emulator.act(["email": "second.legacy@example.com", "action": "unsubscribe",
                                                "repeat": 2])["deliveries"] == [200, 200])
                let second = try await gateway.consentHistory(try await harness.subject("second.legacy@example.com"),
                                                              principal: Self.officer)
                #expect(second.map(\.action) == [.given, .withdrawn])

                // A notification signed with another key is refused and changes nothing...
                #expect(try await emulator.act(["email": "proven.third@example.com", "action": "complain",
                                                "key": "not-the-account-key"])["deliveries"] == [401])
                #expect(try await harness.consent("proven.third@example.com").active)
                // ...but the contact is unsubscribed at UniSender, and the export fallback catches it, once.
                let pulled = try await gateway.pullInbound(from: Self.connector(emulator), principal: Self.officer)
                #expect(pulled.inbound.withdrawn == 1 && pulled.inbound.confirmed == 0)
                #expect(pulled.inbound.duplicates == 2, "the confirmation and the unsubscribe were already applied")
                #expect(try await !harness.consent("proven.third@example.com").active)
                let again = try await gateway.pullInbound(from: Self.connector(emulator), principal: Self.officer)
                #expect(again.inbound.withdrawn == 0 && again.inbound.confirmed == 0)
            }
        }
    }
}
