import Core
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Keyring
import MailchimpConnector
import Server
import Testing

/// Mailchimp's list webhooks as Mailchimp sends them: a form post with `type`, `fired_at` and `data[...]`.
@Suite("What mailing services send back: unsubscribes, complaints and bounces")
struct InboundWebhookTests {
    static let secret = "s3cr3t-0123456789abcdefghij"
    static let path = "/inbound/mailchimp/\(secret)"

    static func make() async throws -> TestServer {
        try await TestServer.make(connectors: [
            ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"]),
            ConnectorRoute(name: "unisender", purposes: ["marketing_email"]),
        ]) { configuration in
            configuration.inbound = [InboundEndpoint(connector: "mailchimp", secret: secret,
                                                     reader: MailchimpWebhookReader(listID: "a6b5da1054"))]
        }
    }

    /// A consented person, with the consent given at the test clock's time.
    static func consented(_ test: TestServer, email: String = "anna.test@example.com") async throws -> SubjectID {
        let id = try await test.person(email: email)
        _ = try await test.gateway.giveConsent(id, purpose: "marketing_email",
                                               capture: ConsentCapture(channel: "web_form", source: "test"),
                                               principal: TestServer.officer)
        return id
    }

    /// An hour after now (where the test clock starts): later than the consents the tests give.
    static let later = MailchimpTime.text(Date().addingTimeInterval(3_600))

    static func form(type: String, email: String, reason: String? = nil, firedAt: String = later,
                     list: String = "a6b5da1054") -> String {
        var fields = ["type=\(type)", "fired_at=\(firedAt.replacingOccurrences(of: " ", with: "+"))",
                      "data[id]=8a25ff1d98", "data[list_id]=\(list)",
                      "data[email]=\(email.replacingOccurrences(of: "@", with: "%40"))", "data[email_type]=html",
                      "data[merges][EMAIL]=\(email.replacingOccurrences(of: "@", with: "%40"))"]
        if let reason { fields.append("data[reason]=\(reason)") }
        if type == "unsubscribe" { fields.append("data[action]=unsub") }
        return fields.joined(separator: "&")
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test("An unsubscribe withdraws consent at the event's time, with Mailchimp as source, and tells the others")
    func unsubscribe() async throws {
        let test = try await Self.make()
        let id = try await Self.consented(test)
        try await test.test { client async throws in
            #expect(try await client.send(.get, Self.path).status == .ok)
            let response = try await client.send(.post, Self.path, headers: Self.formHeaders,
                                                 body: Self.form(type: "unsubscribe", email: "Anna.Test@example.com",
                                                                 reason: "manual"))
            #expect(response.status == .ok)
            #expect(response.json["withdrawn"] as? Int == 1)
            let state = try await test.gateway.consentState(id, purpose: "marketing_email")
            #expect(!state.active)
            let history = try await test.gateway.consentHistory(id, principal: TestServer.officer)
            let last = try #require(history.last)
            #expect(last.action == .withdrawn && last.channel == "mailchimp")
            #expect(last.source == "mailchimp:unsubscribe:manual")
            // Mailchimp's clock an hour ahead: the withdrawal is dated now, never in the future.
            #expect(last.at == Int64(test.clock.now().timeIntervalSince1970))
            // Every connector of the purpose is told, UniSender included.
            let stats = try await test.gateway.outbox.stats(now: test.clock.now())
            #expect(stats.connectors["unisender"]?.pending ?? 0 >= 1)

            // The same delivery again has no further effect.
            let replay = try await client.send(.post, Self.path, headers: Self.formHeaders,
                                               body: Self.form(type: "unsubscribe", email: "anna.test@example.com",
                                                               reason: "manual"))
            #expect(replay.json["withdrawn"] as? Int == 0 && replay.json["duplicates"] as? Int == 1)
            #expect(try await test.gateway.consentHistory(id, principal: TestServer.officer).count == history.count)
        }
    }

    @Test("An old unsubscribe replayed after new consent changes nothing")
    func staleReplay() async throws {
        let test = try await Self.make()
        let id = try await Self.consented(test)   // consent at the test clock, later than the event below
        try await test.test { client async throws in
            let response = try await client.send(.post, Self.path, headers: Self.formHeaders,
                                                 body: Self.form(type: "unsubscribe", email: "anna.test@example.com",
                                                                 firedAt: "2020-01-01 00:00:00"))
            let fired = MailchimpTime.date("2020-01-01 00:00:00")
            #expect(fired < test.clock.now())
            #expect(response.json["duplicates"] as? Int == 1 && response.json["withdrawn"] as? Int == 0)
            #expect(try await test.gateway.consentState(id, purpose: "marketing_email").active)
        }
    }

    @Test("A hard bounce marks the address invalid without withdrawing; abuse is a complaint that withdraws")
    func bounceAndComplaint() async throws {
        let test = try await Self.make()
        let bounced = try await Self.consented(test)
        let complained = try await Self.consented(test, email: "spam.click@example.com")
        try await test.test { client async throws in
            let bounce = try await client.send(.post, Self.path, headers: Self.formHeaders,
                                               body: Self.form(type: "cleaned", email: "anna.test@example.com",
                                                               reason: "hard"))
            #expect(bounce.json["markedInvalid"] as? Int == 1 && bounce.json["withdrawn"] as? Int == 0)
            #expect(try await test.gateway.consentState(bounced, purpose: "marketing_email").active)
            let status = try await test.gateway.vault.read { tx in
                try tx.addressStatus(subject: bounced.rawValue, kind: "email")
            }
            #expect(status?.status == "invalid" && status?.reason == "hard" && status?.source == "mailchimp")
            let again = try await client.send(.post, Self.path, headers: Self.formHeaders,
                                              body: Self.form(type: "cleaned", email: "anna.test@example.com",
                                                              reason: "hard"))
            #expect(again.json["duplicates"] as? Int == 1)
            _ = try await test.gateway.updateSubject(bounced, fields: ["email": "anna.new@example.com"],
                                                     principal: TestServer.officer)
            #expect(try await test.gateway.vault.read { tx in
                try tx.addressStatus(subject: bounced.rawValue, kind: "email")
            } == nil, "a new address starts clean")

            let abuse = try await client.send(.post, Self.path, headers: Self.formHeaders,
                                              body: Self.form(type: "unsubscribe", email: "spam.click@example.com",
                                                              reason: "abuse"))
            #expect(abuse.json["withdrawn"] as? Int == 1)
            let history = try await test.gateway.consentHistory(complained, principal: TestServer.officer)
            #expect(history.last?.source == "mailchimp:complaint:abuse")
        }
    }

    @Test("A wrong secret is 401 and changes nothing; unknown addresses are counted, never created")
    func authenticationAndUnknown() async throws {
        let test = try await Self.make()
        let id = try await Self.consented(test)
        let subjectsBefore = try await test.gateway.vault.read { tx in try tx.subjectCount() }
        try await test.test { client async throws in
            for path in ["/inbound/mailchimp/wrong-secret-0123456789abcd", "/inbound/unisender/\(Self.secret)",
                         "/inbound/mailchimp/\(Self.secret)x"] {
                let refused = try await client.send(.post, path, headers: Self.formHeaders,
                                                    body: Self.form(type: "unsubscribe", email: "anna.test@example.com"))
                #expect(refused.status == .unauthorized && refused.errorCode == "unauthorized", "\(path)")
                #expect(try await client.send(.get, path).status == .unauthorized)
            }
            #expect(try await test.gateway.consentState(id, purpose: "marketing_email").active)

            let unknown = try await client.send(.post, Self.path, headers: Self.formHeaders,
                                                body: Self.form(type: "unsubscribe", email: "nobody@example.com"))
            #expect(unknown.json["unknown"] as? Int == 1)
            let otherList = try await client.send(.post, Self.path, headers: Self.formHeaders,
                                                  body: Self.form(type: "unsubscribe", email: "anna.test@example.com",
                                                                  list: "ffffffffff"))
            #expect(otherList.json["received"] as? Int == 0)
            // A subscription of someone unknown (a signup inside Mailchimp) is counted and creates nobody.
            let subscribe = try await client.send(.post, Self.path, headers: Self.formHeaders,
                                                  body: Self.form(type: "subscribe", email: "new.person@example.com"))
            #expect(subscribe.status == .ok && subscribe.json["unknown"] as? Int == 1)
            // A known person's subscription pdgate did not ask to confirm proves nothing.
            let unasked = try await client.send(.post, Self.path, headers: Self.formHeaders,
                                                body: Self.form(type: "subscribe", email: "anna.test@example.com"))
            #expect(unasked.json["ignored"] as? Int == 1 && unasked.json["confirmed"] as? Int == 0)
            let json = try await client.send(.post, Self.path, headers: [.contentType: "application/json"], body: "{}")
            #expect(json.status == .unsupportedMediaType)
        }
        #expect(try await test.gateway.vault.read { tx in try tx.subjectCount() } == subjectsBefore)
        #expect(!test.logs.text.contains(Self.secret), "the secret in the URL must not reach the logs")
        #expect(!test.logs.text.contains("anna.test"))
    }
}

/// Mailchimp's `fired_at` format, for expectations.
enum MailchimpTime {
    static var formatter: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter
    }

    static func date(_ text: String) -> Date { formatter.date(from: text)! }
    static func text(_ date: Date) -> String { formatter.string(from: date) }
}
