import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import PDGateTesting
import Requests
import Server
import Testing

/// The privacy center end to end: real HTTP on loopback, codes delivered by a real SMTP server.
@Suite("The privacy center: people exercise their rights themselves", .serialized, .timeLimit(.minutes(2)))
struct PrivacyCenterTests {
    static func moscowDay(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Moscow")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    @Test("Start page in Russian and English; the code goes over STARTTLS to the e-mail on file and signs in")
    func signInByCode() async throws {
        let harness = try await PrivacyHarness.make()
        _ = try await harness.test.person()
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            let russian = try await visitor.get("/privacy")
            #expect(russian.status == .ok && russian.text.contains(#"<html lang="ru">"#))
            #expect(russian.text.contains("Получить код") && russian.text.contains(#"<label for="contact">"#))
            let english = try await visitor.get("/privacy?lang=en")
            #expect(english.text.contains(#"<html lang="en">"#) && english.text.contains("Send me a code"))
            // The language is remembered for the next pages.
            #expect(try await visitor.get("/privacy").text.contains(#"<html lang="en">"#))
            #expect(try await visitor.get("/privacy/me").headers[.location] == "/privacy")
            // By phone: the code still goes to the e-mail on file.
            let account = try await visitor.signIn(harness, contact: PrivacyHarness.phone, mailIndex: 0)
            #expect(account.status == .ok && account.text.contains("Your requests and consents"))
            let mail = try #require(try await harness.mails(1).first)
            #expect(mail.recipients == [PrivacyHarness.email] && mail.usedTLS)
            #expect(mail.headers["subject"] == "Your privacy center code")
            let session = try #require(visitor.cookies["pdgate_privacy"])
            #expect(!session.isEmpty)
            // Signing out ends the session on the server, not only in the browser.
            let csrf = try #require(PrivacyVisitor.hidden("csrf", in: account.text))
            let out = try await visitor.post("/privacy/logout", [("csrf", csrf)])
            #expect(out.status == .seeOther && visitor.cookies["pdgate_privacy"] == nil)
            visitor.cookies["pdgate_privacy"] = session
            #expect(try await visitor.get("/privacy/me").headers[.location] == "/privacy")
        }
    }

    @Test("An access request is answered at once: deadline and status shown, HTML and JSON through one-time links")
    func accessRequestAndOneTimeDownloads() async throws {
        let harness = try await PrivacyHarness.make()
        let person = try await harness.test.person()
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            let account = try await visitor.signIn(harness, mailIndex: 0)
            #expect(account.text.contains("Обращений пока нет."))
            let csrf = try #require(PrivacyVisitor.hidden("csrf", in: account.text))
            let filed = try await visitor.post("/privacy/requests", [("csrf", csrf), ("kind", "access")])
            #expect(filed.status == .seeOther && filed.headers[.location] == "/privacy/me?done=filed")
            let page = try await visitor.get("/privacy/me?done=filed")
            #expect(page.text.contains("Обращение принято."))
            let requests = try await harness.test.gateway.requests(of: person, principal: Gateway.privacyCenter)
            let request = try #require(requests.first)
            #expect(request.kind == .access && request.state == .completed && request.channel == "privacy_center")
            #expect(page.text.contains(request.reference) && page.text.contains("Исполнено"))
            #expect(page.text.contains(Self.moscowDay(request.effectiveDeadline)))
            let links = PrivacyVisitor.targets(in: page.text).filter { $0.hasPrefix("/privacy/download/") }
            #expect(links.count == 2)
            let html = try await visitor.get(try #require(links.first))
            #expect(html.status == .ok && html.headers[.contentType] == "text/html; charset=utf-8")
            #expect(html.text.contains(PrivacyHarness.email) && html.headers[.cacheControl] == "no-store")
            let json = try await visitor.get(try #require(links.last))
            #expect(json.status == .ok && json.headers[.contentType] == "application/json; charset=utf-8")
            #expect((try? JSONSerialization.jsonObject(with: Data(json.body.readableBytesView))) != nil)
            // Each link works once.
            #expect(try await visitor.get(try #require(links.first)).status == .gone)
            // A link made for one session does not work in another.
            let fresh = try await visitor.get("/privacy/me")
            let next = try #require(PrivacyVisitor.targets(in: fresh.text).first { $0.hasPrefix("/privacy/download/") })
            var stranger = PrivacyVisitor(client, clientAddress: "203.0.113.99")
            _ = try await stranger.signIn(harness, mailIndex: 1)
            #expect(try await stranger.get(next).status == .gone)
            // Links expire.
            let later = try #require(PrivacyVisitor.targets(in: try await visitor.get("/privacy/me").text)
                .first { $0.hasPrefix("/privacy/download/") })
            harness.test.clock.advance(by: 16 * 60)
            #expect(try await visitor.get(later).status == .gone)
        }
    }

    @Test("Erasure, rectification and objection are filed with their legal deadlines; objection takes effect at once")
    func otherRequests() async throws {
        let harness = try await PrivacyHarness.make()
        let person = try await harness.test.person()
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            let account = try await visitor.signIn(harness, mailIndex: 0)
            let csrf = try #require(PrivacyVisitor.hidden("csrf", in: account.text))
            for form in [[("kind", "objection")], [("kind", "rectification"), ("field", "full_name"),
                                                   ("value", "Тестова Анна Петровна")], [("kind", "erasure")]] {
                let filed = try await visitor.post("/privacy/requests", [("csrf", csrf)] + form)
                #expect(filed.status == .seeOther, "\(form)")
            }
            // Restriction stays with the privacy officer; a forged kind is refused.
            #expect(try await visitor.post("/privacy/requests", [("csrf", csrf), ("kind", "restriction")]).status
                == .unprocessableContent)
            // Without the CSRF token nothing is filed.
            #expect(try await visitor.post("/privacy/requests", [("kind", "erasure")]).status == .forbidden)
            let requests = try await harness.test.gateway.requests(of: person, principal: Gateway.privacyCenter)
            #expect(Set(requests.map(\.kind)) == [.objection, .rectification, .erasure])
            let objection = try #require(requests.first { $0.kind == .objection })
            #expect(objection.state == .completed)
            for request in requests where request.kind != .objection {
                #expect(request.state == .verified && request.deadline > request.receivedAt)
            }
            let page = try await visitor.get("/privacy/me")
            for request in requests {
                #expect(page.text.contains(request.reference) && page.text.contains(Self.moscowDay(request.deadline)))
            }
        }
    }

    @Test("Consents: one document per purpose, given with the version shown, withdrawn with one button")
    func consentsPerPurpose() async throws {
        let harness = try await PrivacyHarness.make()
        let person = try await harness.test.person()
        let gateway = harness.test.gateway
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            let account = try await visitor.signIn(harness, mailIndex: 0)
            let csrf = try #require(PrivacyVisitor.hidden("csrf", in: account.text))
            let notice = try gateway.consentDocument(for: "marketing_email").notice
            #expect(account.text.contains(#"action="/privacy/consents/marketing_email""#))
            #expect(account.text.contains(#"name="notice_version" value="\#(notice.version)""#))
            // The document itself is public and readable.
            let document = try await visitor.get("/privacy/notices/marketing_email")
            #expect(document.status == .ok && document.headers[.contentType] == "text/html; charset=utf-8")
            // Retention in words, never the policy file's shorthand ("(1y)"), and no operator's internal note.
            #expect(document.text.range(of: #"\(\d+[dwmy]\b"#, options: .regularExpression) == nil)
            #expect(!document.text.contains("Без уведомления"))
            // A page showing an older version cannot record consent.
            let stale = try await visitor.post("/privacy/consents/marketing_email", [
                ("csrf", csrf), ("action", "give"), ("notice_version", "0-outdated"),
            ])
            #expect(stale.status == .unprocessableContent)
            #expect(try await gateway.consentState(person, purpose: "marketing_email").active == false)
            let given = try await visitor.post("/privacy/consents/marketing_email", [
                ("csrf", csrf), ("action", "give"), ("notice_version", notice.version),
            ])
            #expect(given.headers[.location] == "/privacy/me?done=given")
            #expect(try await gateway.consentState(person, purpose: "marketing_email").active)
            let event = try #require(try await gateway.consentHistory(person, principal: TestServer.officer).last)
            #expect(event.action == .given && event.noticeVersion == notice.version && event.noticeID == notice.id)
            #expect(event.channel == "privacy_center" && event.proven)
            // Other purposes are untouched: never bundled.
            #expect(try await gateway.consentState(person, purpose: "marketing_sms").active == false)
            let page = try await visitor.get("/privacy/me?done=given")
            #expect(page.text.contains("Согласие записано."))
            let withdrawn = try await visitor.post("/privacy/consents/marketing_email", [
                ("csrf", csrf), ("action", "withdraw"), ("notice_version", notice.version),
            ])
            #expect(withdrawn.headers[.location] == "/privacy/me?done=withdrawn")
            #expect(try await gateway.consentState(person, purpose: "marketing_email").active == false)
            let withdrawal = try #require(try await gateway.consentHistory(person, principal: TestServer.officer).last)
            #expect(withdrawal.action == .withdrawn && withdrawal.channel == "privacy_center")
            #expect(withdrawal.noticeID == notice.id && withdrawal.noticeVersion == notice.version)
            #expect(withdrawal.noticeHash == notice.sha256)
        }
    }

    @Test("No page of the center links to a staff page, and its session opens neither the console nor the API")
    func noStaffPageReachable() async throws {
        let harness = try await PrivacyHarness.make()
        _ = try await harness.test.person()
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            var pages = [try await visitor.get("/privacy"), try await visitor.get("/privacy/signup"),
                         try await visitor.get("/privacy/signup/snippet")]
            pages.append(try await visitor.signIn(harness, mailIndex: 0))
            let (code, _) = try await visitor.askCode(for: "nobody@example.com")
            pages.append(code)
            for page in pages {
                for target in PrivacyVisitor.targets(in: page.text) {
                    let base = PrivacyHarness.base
                    let path = target.hasPrefix(base) ? String(target.dropFirst(base.count)) : target
                    // The one link out: the operator's published processing policy (operator.yaml policy_url).
                    let policy = harness.test.gateway.policies.operatorDetails.policyURL
                    #expect(path.hasPrefix("/privacy") || path.hasPrefix("mailto:") || path.hasPrefix("#")
                            || target == policy, "link to \(target)")
                }
            }
            // Every link of those pages can be followed (the language links of a form's result included).
            for page in pages {
                for target in PrivacyVisitor.targets(in: page.text) where target.hasPrefix("/privacy")
                    && !target.hasPrefix("/privacy/download/") && page.text.contains(#"href="\#(target)""#) {
                    let status = try await visitor.get(target.replacingOccurrences(of: "&amp;", with: "&")).status
                    #expect(status == .ok || status == .seeOther, "\(target): \(status)")
                }
            }
            // The privacy session is no staff credential.
            #expect(try await visitor.get("/console/requests").status != .ok)
            #expect(try await visitor.get("/v1/requests").status == .unauthorized)
            // And a staff token gives nothing extra under /privacy.
            let staff = try await visitor.send(.get, "/privacy/me", body: nil,
                                               headers: harness.test.headers(json: false))
            #expect(staff.status == .seeOther || staff.status == .ok)
            #expect(!harness.test.routes.filter { $0.contains(" /privacy") }.contains { $0.contains("console") })
        }
    }
}
