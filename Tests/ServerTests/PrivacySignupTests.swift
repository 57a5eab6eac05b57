import Core
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Keyring
import PDGateTesting
import Server
import Testing

/// The embeddable lead form: page, snippet and JSON endpoint, double opt-in by e-mail, spam defences.
@Suite("The lead form: one consent per purpose, double opt-in, honeypot, limits, suppression",
       .serialized, .timeLimit(.minutes(2)))
struct PrivacySignupTests {
    static let newcomer = "new.lead@example.com"

    static func find(_ harness: PrivacyHarness, _ email: String) async throws -> [SubjectID] {
        try await harness.test.gateway.findSubjects(.email(email), principal: TestServer.officer)
    }

    @Test("The form has one checkbox and one document per purpose, unticked; the snippet posts to the public address")
    func formAndSnippet() async throws {
        let harness = try await PrivacyHarness.make()
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            let page = try await visitor.get("/privacy/signup?utm_source=yandex&utm_campaign=spring&form=shop")
            #expect(page.status == .ok)
            let purposes = harness.test.gateway.policies.purposes.filter(\.requiresConsent).map(\.name)
            for purpose in purposes {
                let version = try harness.test.gateway.consentDocument(for: purpose).notice.version
                #expect(page.text.contains(#"<input type="checkbox" id="pdgate-consent-\#(purpose)" "#
                    + #"name="consent_\#(purpose)" value="\#(version)">"#))
                #expect(page.text.contains(#"<label for="pdgate-consent-\#(purpose)">"#))
                #expect(page.text.contains("/privacy/notices/\(purpose)?lang=ru"))
            }
            #expect(!page.text.contains("checked>") && !page.text.contains(" checked "))
            #expect(page.text.contains(#"name="utm_source" value="yandex""#))
            #expect(page.text.contains(#"name="form" value="shop""#))
            #expect(page.text.contains(#"name="website""#) && page.text.contains(#"tabindex="-1""#))
            let snippet = try await visitor.get("/privacy/signup/snippet?lang=en")
            #expect(snippet.status == .ok && !snippet.text.contains("<html"))
            #expect(snippet.text.contains(#"action="\#(PrivacyHarness.base)/privacy/signup""#))
            #expect(snippet.text.contains("I agree to:") || snippet.text.contains("agree"))
            let description = try await visitor.get("/privacy/api/signup")
            #expect(description.status == .ok)
            let json = description.json
            #expect(json["endpoint"] as? String == "\(PrivacyHarness.base)/privacy/api/signup")
            #expect(json["honeypot"] as? String == "website")
            #expect((json["purposes"] as? [[String: Any]])?.count == purposes.count)
        }
    }

    @Test("A sign-up is kept sealed until the e-mail's link is confirmed; then the person exists with proven consent")
    func doubleOptIn() async throws {
        let harness = try await PrivacyHarness.make()
        let gateway = harness.test.gateway
        let version = try gateway.consentDocument(for: "marketing_email").notice.version
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            let done = try await visitor.post("/privacy/signup", [
                ("full_name", "Новикова Лидия"), ("email", Self.newcomer), ("phone", "+7 916 000-22-33"),
                ("consent_marketing_email", version), ("form", "shop"), ("utm_source", "yandex"),
                ("utm_campaign", "spring"), ("website", ""),
            ])
            #expect(done.status == .ok && done.text.contains("Проверьте почту"))
            #expect(try await Self.find(harness, Self.newcomer).isEmpty)
            #expect(try await gateway.pendingSignups() == 1)
            let mail = try #require(try await harness.mails(1).first)
            #expect(mail.recipients == [Self.newcomer])
            let link = try #require(PrivacyHarness.link(in: mail))
            #expect(link.hasPrefix("/privacy/signup/confirm/"))
            // Opening the link (as a mail scanner would) records nothing: a button confirms.
            let page = try await visitor.get(link)
            #expect(page.status == .ok && page.text.contains(#"<button type="submit">"#))
            #expect(try await Self.find(harness, Self.newcomer).isEmpty)
            let path = String(link.prefix { $0 != "?" })
            let confirmed = try await visitor.post(path, [("lang", "ru")])
            #expect(confirmed.status == .ok && confirmed.text.contains("Данные и согласия записаны"))
            let person = try #require(try await Self.find(harness, Self.newcomer).first)
            let state = try await gateway.consentState(person, purpose: "marketing_email")
            #expect(state.active && state.proven)
            #expect(try await gateway.consentState(person, purpose: "marketing_sms").active == false)
            let event = try #require(try await gateway.consentHistory(person, principal: TestServer.officer).last)
            #expect(event.source == "form:shop utm_source=yandex utm_campaign=spring")
            #expect(event.noticeVersion == version && event.channel == "web_form")
            #expect(event.evidence?.hasPrefix("double opt-in") == true)
            // The link works once.
            #expect(try await visitor.post(path, [("lang", "ru")]).status == .gone)
        }
    }

    @Test("The JSON endpoint answers 202 for anyone, refuses unknown fields and outdated documents by name")
    func jsonEndpoint() async throws {
        let harness = try await PrivacyHarness.make()
        let version = try harness.test.gateway.consentDocument(for: "marketing_sms").notice.version
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            let json: HTTPFields = [.contentType: "application/json"]
            let accepted = try await visitor.send(.post, "/privacy/api/signup", body: """
                {"fields": {"full_name": "Новикова Лидия", "email": "\(Self.newcomer)"},
                 "consents": {"marketing_sms": "\(version)"}, "utm": {"utm_source": "vk"}, "form": "landing",
                 "lang": "en"}
                """, headers: json)
            #expect(accepted.status == .accepted && accepted.json["status"] as? String == "confirmation_sent",
                    "\(accepted.status) \(accepted.text)")
            let mail = try #require(try await harness.mails(1).first)
            #expect(mail.headers["subject"] == "Please confirm your sign-up")
            let unknown = try await visitor.send(.post, "/privacy/api/signup", body: """
                {"fields": {"full_name": "X Y", "email": "x@example.com", "passport": "1234"}}
                """, headers: json)
            #expect(unknown.status == .unprocessableContent && unknown.errorCode != nil)
            let outdated = try await visitor.send(.post, "/privacy/api/signup", body: """
                {"fields": {"full_name": "X Y", "email": "x@example.com"}, "consents": {"marketing_sms": "0-old"}}
                """, headers: json)
            #expect(outdated.status == .badRequest || outdated.status == .unprocessableContent)
            #expect(!outdated.text.contains("x@example.com"))
        }
    }

    @Test("A filled honeypot gets the same answer and nothing is kept or sent")
    func honeypot() async throws {
        let harness = try await PrivacyHarness.make()
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            let bot = try await visitor.post("/privacy/signup", [
                ("full_name", "Bot"), ("email", "bot@example.com"), ("website", "http://spam.example"),
            ])
            let human = try await visitor.post("/privacy/signup", [("full_name", "Человек Иван"),
                                                                   ("email", "human@example.com")])
            #expect(bot.status == human.status && bot.text == human.text)
            let mails = try await harness.mails(1)
            #expect(mails.count == 1 && mails.first?.recipients == ["human@example.com"])
            #expect(try await harness.test.gateway.pendingSignups() == 1)
        }
    }

    @Test("Sign-ups are limited per client and per address")
    func signupRateLimits() async throws {
        let harness = try await PrivacyHarness.make({ $0.requestsPerClient = 4; $0.codesPerAddress = 2 })
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            for index in 0..<4 {
                let sent = try await visitor.post("/privacy/signup", [("full_name", "Лид Номер"),
                                                                      ("email", "lead.\(index)@example.com")])
                #expect(sent.status == .ok)
            }
            let limited = try await visitor.post("/privacy/signup", [("full_name", "Лид Номер"),
                                                                     ("email", "lead.9@example.com")])
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
            for index in 0..<2 {
                var other = PrivacyVisitor(client, clientAddress: "192.0.2.\(index + 10)")
                #expect(try await other.post("/privacy/signup", [("full_name", "Лид Номер"),
                                                                  ("email", Self.newcomer)]).status == .ok)
            }
            var third = PrivacyVisitor(client, clientAddress: "192.0.2.30")
            #expect(try await third.post("/privacy/signup", [("full_name", "Лид Номер"),
                                                              ("email", Self.newcomer)]).status == .tooManyRequests)
            _ = try await harness.mails(6)
        }
    }

    @Test("Someone erased at their request is not re-created by a sign-up without new consent")
    func suppressedNotRecreated() async throws {
        let harness = try await PrivacyHarness.make()
        let gateway = harness.test.gateway
        let person = try await harness.test.person(email: Self.newcomer)
        _ = try await gateway.erase(person, reason: "request", principal: TestServer.officer)
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            let sent = try await visitor.post("/privacy/signup", [("full_name", "Тестова Анна"),
                                                                  ("email", Self.newcomer)])
            // The form does not tell: the same "check your e-mail" as for anyone.
            #expect(sent.status == .ok && sent.text.contains("Проверьте почту"))
            let mail = try #require(try await harness.mails(1).first)
            let link = try #require(PrivacyHarness.link(in: mail))
            let confirmed = try await visitor.post(String(link.prefix { $0 != "?" }), [("lang", "ru")])
            #expect(confirmed.status == .ok && confirmed.text.contains("без нового согласия"))
            #expect(try await Self.find(harness, Self.newcomer).isEmpty)
        }
    }
}
