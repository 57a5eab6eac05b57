import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Mailer
import PDGateTesting
import Requests
import Testing

/// An access answer to a request that did not come through the privacy center (a letter, a call) reaches the person
/// as a one-time privacy-center link, sent to the contact on file; the officer can send a new one, which kills the
/// old; a wrong, used or expired link says nothing about anyone.
@Suite("Access answers as one-time privacy-center links", .timeLimit(.minutes(2)))
struct AnswerLinkTests {
    /// A server whose gateway writes to requesters (e-mail and SMS) into a fresh development inbox and answers
    /// access requests with links.
    static func server() async throws -> (TestServer, FolderMailer) {
        let inbox = try FolderMailer(folder: FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-answer-\(UUID())"))
        let test = try await TestServer.make { $0.devInbox = inbox }
        let texts = try RequesterMessages(folder: Repository.policies.appendingPathComponent("messages"))
        test.gateway.sendRequesterMessages(through: inbox, texts: texts, texter: inbox)
        test.gateway.deliverAnswerLinks(AnswerLinkDelivery(baseURL: "https://example.com/"))
        return (test, inbox)
    }

    /// A completed access request that came by letter, for the person with this contact.
    static func answeredLetter(_ test: TestServer, lookup: Gateway.Lookup = .email("anna.test@example.com"))
        async throws -> SubjectRequest
    {
        let officer = TestServer.officer
        let request = try await test.gateway.createRequest(kind: .access, lookup: lookup, jurisdiction: "RU",
                                                           channel: "letter", principal: officer)
        _ = try await test.gateway.verifyRequest(request.reference, method: "signed_letter", principal: officer)
        _ = try await test.gateway.runRequest(request.reference, principal: officer)
        return request
    }

    /// The token of the newest answer link in the inbox.
    static func token(_ inbox: FolderMailer) throws -> String {
        let body = try #require(inbox.messages().first { $0.body.contains("/privacy/a/") }?.body)
        let start = try #require(body.range(of: "/privacy/a/"))
        return String(body[start.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    /// Spends a link; returns the response and the answer session's cookie when it opened one.
    static func open(_ token: String, _ client: any TestClientProtocol) async throws -> (TestResponse, String?) {
        let response = try await client.send(.post, "/privacy/a/\(token)",
                                             headers: [.contentType: "application/x-www-form-urlencoded"],
                                             body: "lang=ru")
        let cookie = response.headers[values: .setCookie].first { $0.hasPrefix("pdgate_answer=") }
            .map { String($0.split(separator: ";")[0]) }
        return (response, cookie)
    }

    @Test("A letter's access answer goes to the e-mail on file as a link that opens once, HTML and JSON")
    func letterAnswerOpensOnce() async throws {
        let (test, inbox) = try await Self.server()
        defer { test.cleanup(); try? FileManager.default.removeItem(at: inbox.folder) }
        let subject = try await test.person()
        let request = try await Self.answeredLetter(test)
        let mail = try #require(inbox.messages().first)
        #expect(mail.to == "anna.test@example.com" && mail.subject.contains("ответ готов"))
        #expect(mail.subject.contains(request.reference) && mail.body.contains("одноразовая"))
        let token = try Self.token(inbox)
        try await test.test { client async throws in
            // Fetching the link (a mail scanner, a preview) shows a button and spends nothing.
            let page = try await client.send(.get, "/privacy/a/\(token)")
            #expect(page.status == .ok && page.text.contains("action=\"/privacy/a/\(token)\""))
            #expect(!page.text.contains(request.reference) && !page.text.contains("Анна"))
            let (opened, cookie) = try await Self.open(token, client)
            #expect(opened.status == .seeOther && opened.headers[.location] == "/privacy/answer")
            let session = try #require(cookie)
            let answer = try await client.send(.get, "/privacy/answer", headers: [.cookie: session])
            #expect(answer.status == .ok && answer.text.contains(request.reference))
            let html = try await client.send(.get, "/privacy/answer/html", headers: [.cookie: session])
            #expect(html.status == .ok && html.text.contains("Тестова Анна Ивановна"))
            #expect(html.headers[.contentDisposition] == "inline")
            let json = try await client.send(.get, "/privacy/answer/json", headers: [.cookie: session])
            #expect(json.status == .ok && json.headers[.contentDisposition]?.contains("attachment") == true)
            let decoded = try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any]
            #expect(decoded?["reference"] as? String == request.reference)
            // The link worked once.
            let (again, none) = try await Self.open(token, client)
            #expect(again.status == .gone && none == nil && !again.text.contains(request.reference))
        }
        let trail = try await test.gateway.auditTrail(of: subject, principal: TestServer.officer)
        let issued = try #require(trail.first { $0.action == "request.answer_link" })
        #expect(issued.detail?.hasPrefix(request.reference) == true && issued.detail?.contains(token) == false)
        #expect(trail.contains { $0.action == "request.message" && $0.detail?.contains("message=answer_link") == true
            && $0.detail?.hasSuffix("outcome=sent") == true })
        #expect(!trail.contains { ($0.detail ?? "").contains("@") || ($0.detail ?? "").contains(token) })
        #expect(!test.logs.text.contains(token) && !test.logs.text.contains("anna.test"))
    }

    @Test("A new link from the console kills the old link and the session it opened, at once")
    func reissueKillsTheOldLink() async throws {
        let (test, inbox) = try await Self.server()
        defer { test.cleanup(); try? FileManager.default.removeItem(at: inbox.folder) }
        _ = try await test.person()
        let request = try await Self.answeredLetter(test)
        let first = try Self.token(inbox)
        try await test.test { client async throws in
            let (_, cookie) = try await Self.open(first, client)
            let session = try #require(cookie)
            let officer = try await ConsoleSession.login(client, token: test.tokens["privacy_officer"] ?? "")
            let page = try await client.send(.get, "/console/requests/\(request.reference)",
                                             headers: [.cookie: officer.cookie])
            #expect(page.text.contains("action=\"/console/requests/\(request.reference)/answer-link\""))
            let sent = try await client.send(.post, "/console/requests/\(request.reference)/answer-link",
                                             headers: officer.form, body: "csrf=\(officer.csrf)")
            #expect(sent.status == .seeOther && sent.headers[.location]?.hasSuffix("done=answer_link") == true)
            let second = try Self.token(inbox)
            #expect(second != first)
            let dead = try await client.send(.get, "/privacy/answer/html", headers: [.cookie: session])
            #expect(dead.status == .gone && !dead.text.contains("Анна"))
            // A second re-issue before the person opens anything: only the newest link works.
            _ = try await test.gateway.issueAnswerLink(for: request.reference, principal: TestServer.officer)
            let third = try Self.token(inbox)
            #expect(try await Self.open(second, client).0.status == .gone)
            #expect(try await Self.open(third, client).0.status == .seeOther)
        }
    }

    @Test("A wrong or expired link gets the same page as a used one, naming nobody")
    func wrongOrExpiredRevealsNothing() async throws {
        let (test, inbox) = try await Self.server()
        defer { test.cleanup(); try? FileManager.default.removeItem(at: inbox.folder) }
        _ = try await test.person()
        let request = try await Self.answeredLetter(test)
        let token = try Self.token(inbox)
        try await test.test { client async throws in
            let (wrong, _) = try await Self.open(Gateway.randomWebSecret(), client)
            let noSession = try await client.send(.get, "/privacy/answer")
            test.clock.advance(by: 7 * 86_400 + 1)
            let (expired, cookie) = try await Self.open(token, client)
            #expect(wrong.status == .gone && expired.status == .gone && noSession.status == .gone && cookie == nil)
            #expect(wrong.text == expired.text && !expired.text.contains(request.reference))
            #expect(!expired.text.contains("Анна") && !expired.text.contains("anna.test"))
        }
    }

    @Test("Without an SMS route a phone-only person gets no link, and the console says it was not sent")
    func notSentIsSaid() async throws {
        let inbox = try FolderMailer(folder: FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-answer-\(UUID())"))
        defer { try? FileManager.default.removeItem(at: inbox.folder) }
        let test = try await TestServer.make { $0.devInbox = inbox }
        test.gateway.sendRequesterMessages(
            through: inbox, texts: try RequesterMessages(folder: Repository.policies.appendingPathComponent("messages")))
        test.gateway.deliverAnswerLinks(AnswerLinkDelivery(baseURL: "https://example.com"))
        _ = try await test.gateway.createSubject(
            fields: ["full_name": "Ким Алексей Сергеевич", "phone": "+7 903 555-00-11"], consents: [],
            capture: ConsentCapture(channel: "api", source: "test"), principal: TestServer.officer)
        let request = try await Self.answeredLetter(test, lookup: .phone("+7 903 555-00-11"))
        #expect(inbox.messages().isEmpty)
        try await test.test { client async throws in
            let officer = try await ConsoleSession.login(client, token: test.tokens["privacy_officer"] ?? "")
            let sent = try await client.send(.post, "/console/requests/\(request.reference)/answer-link",
                                             headers: officer.form, body: "csrf=\(officer.csrf)")
            #expect(sent.status == .unprocessableContent)
            #expect(sent.text.contains("could not be sent") || sent.text.contains("не удалось отправить"))
            #expect(sent.text.contains("no_email"))
        }
    }

    @Test("A phone-only person gets the link by SMS to the phone on file")
    func phoneOnlyGetsTheLinkBySMS() async throws {
        let (test, inbox) = try await Self.server()
        defer { test.cleanup(); try? FileManager.default.removeItem(at: inbox.folder) }
        _ = try await test.gateway.createSubject(
            fields: ["full_name": "Ким Алексей Сергеевич", "phone": "+7 903 555-00-11"], consents: [],
            capture: ConsentCapture(channel: "api", source: "test"), principal: TestServer.officer)
        let request = try await Self.answeredLetter(test, lookup: .phone("+7 903 555-00-11"))
        let sms = try #require(inbox.messages().first)
        #expect(sms.subject == "SMS" && sms.to == "+79035550011")
        #expect(sms.body.contains(request.reference) && sms.body.contains("https://example.com/privacy/a/"))
        try await test.test { client async throws in
            let (opened, cookie) = try await Self.open(try Self.token(inbox), client)
            #expect(opened.status == .seeOther)
            let html = try await client.send(.get, "/privacy/answer/html", headers: [.cookie: try #require(cookie)])
            #expect(html.status == .ok && html.text.contains("Ким Алексей Сергеевич"))
        }
        #expect(!test.logs.text.contains("5550011"))
    }
}
