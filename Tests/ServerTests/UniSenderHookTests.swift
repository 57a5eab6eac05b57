import ConnectorKit
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Keyring
import Server
import UniSenderConnector
import Testing

/// UniSender's hooks as UniSender sends them: JSON whose `auth` is the MD5 of the body with `auth` set to the API key.
@Suite("UniSender hooks: signed JSON, withdrawals, bounces and replays")
struct UniSenderHookTests {
    static let secret = "u-s3cr3t-0123456789abcdefgh"
    static let apiKey = "unisender-test-key"
    static let path = "/inbound/unisender/\(secret)"
    static let headers: HTTPFields = [.contentType: "application/json"]

    static func make() async throws -> TestServer {
        try await TestServer.make(connectors: [
            ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"]),
            ConnectorRoute(name: "unisender", purposes: ["marketing_email"]),
        ]) { configuration in
            configuration.inbound = [InboundEndpoint(connector: "unisender", secret: secret,
                                                     reader: UniSenderWebhookReader(apiKey: Secret(apiKey)))]
        }
    }

    /// A notification body, signed with `key`; `time` in UniSender's `YYYY-MM-DD HH:MM:SS` (UTC).
    static func body(_ name: String, email: String, status: String? = nil, key: String = apiKey,
                     time: String = MailchimpTime.text(Date().addingTimeInterval(60))) -> String {
        let statusPart = status.map { #","status":"\#($0)""# } ?? ""
        let unsigned = #"{"auth":"\#(key)","events_by_user":[{"user_id":456,"login":"shop","events":[{"event_name":"\#(name)","event_time":"\#(time)","event_data":{"email":"\#(email)","list_id":134\#(statusPart)}}]}]}"#
        let digest = Hex.encode(MD5.hash(Array(unsigned.utf8)))
        return unsigned.replacingOccurrences(of: #""auth":"\#(key)""#, with: #""auth":"\#(digest)""#)
    }

    @Test("Unsubscribe and spam withdraw once however often they are delivered; soft bounces and reads change nothing")
    func withdrawals() async throws {
        let test = try await Self.make()
        let anna = try await InboundWebhookTests.consented(test)
        let vera = try await InboundWebhookTests.consented(test, email: "vera.spam@example.com")
        try await test.test { client async throws in
            for status in ["soft_bounced", "ok_read", "ok_delivered"] {
                let quiet = try await client.send(.post, Self.path, headers: Self.headers,
                                                  body: Self.body("email_status", email: "anna.test@example.com",
                                                                  status: status))
                #expect(quiet.status == .ok && quiet.json["received"] as? Int == 0, "\(status)")
            }
            #expect(try await test.gateway.vault.read { tx in
                try tx.addressStatus(subject: anna.rawValue, kind: "email")
            } == nil)
            let unsubscribe = Self.body("unsubscribe", email: "Anna.Test@example.com")
            let first = try await client.send(.post, Self.path, headers: Self.headers, body: unsubscribe)
            #expect(first.status == .ok && first.json["withdrawn"] as? Int == 1)
            let again = try await client.send(.post, Self.path, headers: Self.headers, body: unsubscribe)
            #expect(again.json["withdrawn"] as? Int == 0 && again.json["duplicates"] as? Int == 1)
            let history = try await test.gateway.consentHistory(anna, principal: TestServer.officer)
            #expect(history.map(\.action) == [.given, .withdrawn])
            #expect(history.last?.channel == "unisender" && history.last?.source == "unisender:unsubscribe")
            // The other connector of the purpose is told.
            #expect(try await test.gateway.outbox.stats(now: test.clock.now()).connectors["mailchimp"]?.pending ?? 0 >= 1)

            let spam = try await client.send(.post, Self.path, headers: Self.headers,
                                             body: Self.body("email_status", email: "vera.spam@example.com",
                                                             status: "spam"))
            #expect(spam.json["withdrawn"] as? Int == 1)
            let complaint = try await test.gateway.consentHistory(vera, principal: TestServer.officer).last
            #expect(complaint?.source == "unisender:complaint:spam")
        }
    }

    @Test("A hard bounce marks the address invalid and withdraws nothing")
    func hardBounce() async throws {
        let test = try await Self.make()
        let anna = try await InboundWebhookTests.consented(test)
        try await test.test { client async throws in
            let bounce = try await client.send(.post, Self.path, headers: Self.headers,
                                               body: Self.body("email_status", email: "anna.test@example.com",
                                                               status: "hard_bounced"))
            #expect(bounce.json["markedInvalid"] as? Int == 1 && bounce.json["withdrawn"] as? Int == 0)
            #expect(try await test.gateway.consentState(anna, purpose: "marketing_email").active)
            let status = try await test.gateway.vault.read { tx in
                try tx.addressStatus(subject: anna.rawValue, kind: "email")
            }
            #expect(status?.status == "invalid" && status?.reason == "hard_bounced" && status?.source == "unisender")
        }
    }

    @Test("A wrong auth digest, a tampered body or a wrong secret is 401 and changes nothing",
          arguments: ["wrong-key", "tampered", "no-auth", "wrong-secret", "form"])
    func authentication(_ case: String) async throws {
        let test = try await Self.make()
        let anna = try await InboundWebhookTests.consented(test)
        let auditBefore = try await test.gateway.vault.read { tx in try tx.consentEvents(of: anna).count }
        try await test.test { client async throws in
            var path = Self.path
            var headers = Self.headers
            var body = Self.body("unsubscribe", email: "anna.test@example.com")
            switch `case` {
            case "wrong-key": body = Self.body("unsubscribe", email: "anna.test@example.com", key: "another-key")
            case "tampered":
                body = Self.body("unsubscribe", email: "someone.else@example.com")
                    .replacingOccurrences(of: "someone.else@example.com", with: "anna.test@example.com")
            case "no-auth": body = #"{"events_by_user":[{"events":[{"event_name":"unsubscribe","event_data":{"email":"anna.test@example.com"}}]}]}"#
            case "wrong-secret": path = "/inbound/unisender/not-the-secret-0123456789ab"
            default: headers = [.contentType: "application/x-www-form-urlencoded"]
            }
            let response = try await client.send(.post, path, headers: headers, body: body)
            if `case` == "form" {
                #expect(response.status == .unsupportedMediaType)
            } else {
                #expect(response.status == .unauthorized && response.errorCode == "unauthorized")
            }
        }
        #expect(try await test.gateway.consentState(anna, purpose: "marketing_email").active)
        #expect(try await test.gateway.vault.read { tx in try tx.consentEvents(of: anna).count } == auditBefore)
        #expect(!test.logs.text.contains("anna.test"))
    }
}
