import ConnectorKit
import Foundation
import Testing
import WebhookConnector

@Suite("Webhook connector against a receiver using Python's hmac", .timeLimit(.minutes(1)))
struct WebhookConnectorTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    static func connector(_ emulator: Emulator, style: WebhookSettings.Style, secret: String = secret,
                          now: @escaping @Sendable () -> Date = { Date() }) throws -> WebhookConnector {
        WebhookConnector(url: emulator.url("/hooks/pdgate"),
                         signer: try WebhookSigner(secret: Secret(secret), settings: WebhookSettings(style: style)),
                         transport: URLSessionTransport(timeout: .seconds(5)), now: now)
    }

    static let anna = ConnectorPerson(subject: "sub_anna", fields: ["email": "anna@example.com", "company": "ООО Ромашка"],
                                      tags: ["lead"], purpose: "partner_sharing")

    @Test("Signed events verify with an independent HMAC and drive upsert, suppress, access and erase",
          arguments: [WebhookSettings.Style.stripe, .standard])
    func signedEventsVerify(style: WebhookSettings.Style) async throws {
        try await Emulator.with("webhook.py", ["--style", style.rawValue]) { emulator in
            let connector = try Self.connector(emulator, style: style)
            _ = try await connector.upsert(Self.anna)
            try await connector.suppress(Self.anna.ref, reason: .objection)
            let holding = try #require(try await connector.read(Self.anna.ref))
            #expect(holding.fields["company"] == "ООО Ромашка")
            #expect(try await connector.erase(Self.anna.ref) == .erased)
            #expect(try await connector.erase(Self.anna.ref) == .notFound)
            #expect(try await connector.read(Self.anna.ref) == nil)
            let state = try await emulator.state()
            #expect(state["rejected"] == 0)
            #expect(state["events"]?.arrayValue.count == 6)
        }
    }

    @Test("A retried delivery carries the same id and has one effect")
    func replayHasOneEffect() async throws {
        try await Emulator.with("webhook.py", ["--style", "standard"]) { emulator in
            let connector = try Self.connector(emulator, style: .standard)
            try await ConnectorContext.$idempotencyKey.withValue("evt_42") {
                _ = try await connector.upsert(Self.anna)
                _ = try await connector.upsert(Self.anna)
            }
            let state = try await emulator.state()
            #expect(state["duplicates"] == 1)
            #expect(state["events"]?.arrayValue.count == 1)
        }
    }

    @Test("A wrong secret is unauthorized; a timestamp outside the replay window is rejected")
    func wrongSecretAndStaleTimestamp() async throws {
        try await Emulator.with("webhook.py") { emulator in
            let wrong = try Self.connector(emulator, style: .stripe, secret: "whsec_other")
            let error = try await #require(throws: ConnectorError.self) { try await wrong.upsert(Self.anna) }
            #expect(error.code == .unauthorized)
            let stale = try Self.connector(emulator, style: .stripe, now: { Date().addingTimeInterval(-600) })
            let replay = try await #require(throws: ConnectorError.self) { try await stale.upsert(Self.anna) }
            #expect(replay.code == .permanent)
            #expect(try await emulator.state()["rejected"] == 2)
        }
    }

    @Test("A Standard Webhooks secret must be whsec_ + base64 of 24 to 64 bytes")
    func standardSecretShape() {
        #expect(throws: ConnectorError.self) {
            try WebhookSigner(secret: Secret("whsec_c2hvcnQ="), settings: WebhookSettings(style: .standard))
        }
    }
}
