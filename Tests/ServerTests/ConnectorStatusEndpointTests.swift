import ConnectorKit
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Connector status and dead letters over HTTP and in the console")
struct ConnectorStatusEndpointTests {
    /// Queues an erasure for `mailchimp` whose sealed payload holds the person's e-mail, and dead-letters it as a
    /// dispatcher does after its last attempt.
    static func deadLetter(in test: TestServer, subject: String) async throws -> String {
        let outbox = test.gateway.outbox
        let eventID = "evt_" + UUID().uuidString.lowercased()
        let payload = OutboxPayload(ref: PersonRef(subject: subject, email: "anna.test@example.com")).encoded()
        let now = test.clock.now()
        _ = try await outbox.enqueue([OutboxEvent(id: eventID, connector: "mailchimp", operation: .erase,
                                                  subject: subject, purpose: "marketing_email", nextAttemptAt: now,
                                                  payload: payload)])
        let claimed = try await outbox.claim(connector: "mailchimp", limit: 10, owner: "test", now: now,
                                             leaseUntil: now.addingTimeInterval(60))
        #expect(claimed.map(\.id) == [eventID])
        try await outbox.deadLetter(eventID, owner: "test", attempts: 8,
                                    error: ConnectorError(.unauthorized, "the API key was rejected (401)", status: 401),
                                    at: now)
        return eventID
    }

    @Test("Status lists counts and dead letters by pseudonym only; requeue puts the event back once")
    func statusAndRequeue() async throws {
        let test = try await TestServer.make()
        let id = try await test.person()
        let event = try await Self.deadLetter(in: test, subject: id.rawValue)
        try await test.test { client async throws in
            let status = try await client.send(.get, "/v1/connectors/status", headers: test.headers(json: false))
            #expect(status.status == .ok)
            let counts = try #require((status.json["outbox"] as? [String: Any])?["connectors"] as? [String: Any])
            let mailchimp = try #require(counts["mailchimp"] as? [String: Any])
            #expect(mailchimp["deadLettered"] as? Int == 1 && mailchimp["pending"] as? Int == 0)
            let letters = try #require(status.json["deadLetters"] as? [[String: Any]])
            #expect(letters.count == 1)
            #expect(letters.first?["event"] as? String == event)
            #expect(letters.first?["subject"] as? String == id.rawValue)
            #expect(letters.first?["code"] as? String == "unauthorized")
            #expect(letters.first?["attempts"] as? Int == 8)
            #expect(letters.first?["payload"] == nil)
            #expect(!status.text.contains("anna.test"), "the sealed payload must not leave the vault")

            let badLimit = try await client.send(.get, "/v1/connectors/status?limit=9999", headers: test.headers())
            #expect(badLimit.status == .unprocessableContent)
            let refused = try await client.send(.get, "/v1/connectors/status", headers: test.headers("manager"))
            #expect(refused.status == .forbidden)

            let malformed = try await client.send(.post, "/v1/connectors/dead-letters/evt_x'--/requeue",
                                                  headers: test.headers(json: false))
            #expect(malformed.status == .unprocessableContent)
            let requeued = try await client.send(.post, "/v1/connectors/dead-letters/\(event)/requeue",
                                                 headers: test.headers(json: false))
            #expect(requeued.status == .ok && requeued.json["requeued"] as? Bool == true)
            let again = try await client.send(.post, "/v1/connectors/dead-letters/\(event)/requeue",
                                              headers: test.headers(json: false))
            #expect(again.status == .notFound)

            let after = try await client.send(.get, "/v1/connectors/status", headers: test.headers(json: false))
            let afterCounts = (after.json["outbox"] as? [String: Any])?["connectors"] as? [String: Any]
            let entry = afterCounts?["mailchimp"] as? [String: Any]
            #expect(entry?["pending"] as? Int == 1 && entry?["deadLettered"] as? Int == 0)
            #expect((after.json["deadLetters"] as? [Any])?.isEmpty == true)
        }
        let trail = try await test.gateway.auditTrail(of: id, principal: TestServer.officer)
        #expect(!trail.isEmpty)
        let stats = try await test.gateway.outbox.stats(now: test.clock.now())
        #expect(stats.connectors["mailchimp"]?.pending == 1)
    }

    @Test("The console lists dead letters in both languages and requeues one through a CSRF-checked form")
    func consolePage() async throws {
        let test = try await TestServer.make()
        let id = try await test.person()
        let event = try await Self.deadLetter(in: test, subject: id.rawValue)
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            var headers = session.headers
            headers[.acceptLanguage] = "ru-RU"
            let russian = try await client.send(.get, "/console/connectors?lang=ru", headers: headers)
            #expect(russian.status == .ok)
            #expect(russian.text.contains("Недоставленные события") && russian.text.contains(event))
            #expect(!russian.text.contains("anna.test"))
            let english = try await client.send(.get, "/console/connectors?lang=en", headers: session.headers)
            #expect(english.text.contains("Dead letters") && english.text.contains("mailchimp"))

            let forged = try await client.send(.post, "/console/connectors/dead-letters/\(event)/requeue",
                                               headers: session.form, body: "csrf=wrong")
            #expect(forged.status == .forbidden)
            let stillDead = try await test.gateway.outbox.stats(now: test.clock.now())
            #expect(stillDead.connectors["mailchimp"]?.deadLettered == 1)

            let posted = try await client.send(.post, "/console/connectors/dead-letters/\(event)/requeue",
                                               headers: session.form, body: "csrf=\(session.csrf)")
            #expect(posted.status == .seeOther)
            #expect(posted.headers[.location] == "/console/connectors?done=requeued")
            let page = try await client.send(.get, "/console/connectors?done=requeued&lang=en",
                                             headers: session.headers)
            #expect(page.text.contains("Queued again") && page.text.contains("No dead letters."))
        }
    }
}
