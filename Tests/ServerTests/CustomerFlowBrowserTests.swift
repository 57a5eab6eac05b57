import Foundation
import PDGateTesting
import Gateway
import Hummingbird
import HummingbirdTesting
import Mailer
import Server
import Testing

/// The customer's flows in Debian's headless Chromium, reading every e-mail and SMS in the development inbox: a
/// phone-only customer, an answer link for a letter, correction, erasure and consent withdrawal.
@Suite("The customer's flows in a real browser", .serialized)
struct CustomerFlowBrowserTests {
    /// A server whose privacy center and requester messages write into a fresh development inbox (e-mail and SMS).
    static func server() async throws -> (TestServer, FolderMailer) {
        let inbox = try FolderMailer(folder: FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-inbox-\(UUID())"))
        let test = try await TestServer.make {
            $0.devInbox = inbox
            $0.privacyCenter = PrivacyCenterConfiguration(mailer: inbox, texter: inbox)
        }
        test.gateway.sendRequesterMessages(
            through: inbox, texts: try RequesterMessages(folder: Repository.policies.appendingPathComponent("messages")),
            texter: inbox)
        return (test, inbox)
    }

    @Test("A phone-only customer reads the SMS code in the inbox, gets in and downloads their data",
          .timeLimit(.minutes(3)))
    func phoneOnlyCustomerDownloadsTheirData() async throws {
        let (test, inbox) = try await Self.server()
        defer { test.cleanup(); try? FileManager.default.removeItem(at: inbox.folder) }
        _ = try await test.gateway.createSubject(
            fields: ["full_name": "Ким Алексей Сергеевич", "phone": "+7 903 555-00-11"], consents: [],
            capture: ConsentCapture(channel: "api", source: "test"), principal: TestServer.officer)
        try await test.test(.live) { client async throws in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let signIn = HeadlessChromium.privacySignIn(base: base, contact: "8 (903) 555-00-11",
                                                        inboxShows: "To +79035550011", inboxShot: "phone-sms-inbox")
            let results = try await HeadlessChromium.visit(signIn + [
                .url,
                .check("#kind-access"), .click("form[action='/privacy/requests'] button"), .text,
                .shot("phone-access-answered"),
                .download("a[href^='/privacy/download/']"), .download("a[href^='/privacy/download/'] ~ a"),
            ])
            #expect(results[9]?.hasSuffix("/privacy/me") == true, "signed in with the SMS code")
            #expect(results[12]?.contains("REQ-") == true)
            #expect(results[14]?.contains("Ким Алексей Сергеевич") == true, "the readable answer")
            let json = try #require(results[15])
            #expect(json.contains("\"reference\"") && json.contains("+79035550011"), "the machine-readable answer")
        }
        #expect(!test.logs.text.contains("5550011"), "no phone number in the logs")
    }

    @Test("A letter's answer link from the inbox opens the answer once; the JSON downloads", .timeLimit(.minutes(3)))
    func answerLinkInTheBrowser() async throws {
        let (test, inbox) = try await Self.server()
        defer { test.cleanup(); try? FileManager.default.removeItem(at: inbox.folder) }
        _ = try await test.person()
        try await test.test(.live) { client async throws in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            test.gateway.deliverAnswerLinks(AnswerLinkDelivery(baseURL: base))
            let request = try await AnswerLinkTests.answeredLetter(test)
            let link = "\(base)/privacy/a/\(try AnswerLinkTests.token(inbox))"
            let results = try await HeadlessChromium.visit([
                .tab("inbox"), .until(request.reference, reload: "\(base)/dev/inbox"), .shot("answer-link-inbox"),
                .tab("main"), .go(link + "?lang=en"), .shot("answer-link-open"),
                .click("form[action^='/privacy/a/'] button"), .url, .text, .shot("answer-page"),
                .download("#answer-json"), .click("#answer-html"), .text, .shot("answer-readable"),
                .go(link), .click("form[action^='/privacy/a/'] button"), .text,
            ])
            #expect(results[7]?.hasSuffix("/privacy/answer") == true)
            #expect(results[8]?.contains(request.reference) == true)
            #expect(results[10]?.contains("\"reference\" : \"\(request.reference)\"") == true
                        || results[10]?.contains("\"reference\":\"\(request.reference)\"") == true)
            #expect(results[12]?.contains("Тестова Анна Ивановна") == true)
            #expect(results[16]?.contains("does not work") == true || results[16]?.contains("не работает") == true,
                    "the link worked once")
        }
    }

    @Test("A customer corrects their name, withdraws a consent and asks for erasure, reading what is kept",
          .timeLimit(.minutes(3)))
    func correctionWithdrawalErasure() async throws {
        let (test, inbox) = try await Self.server()
        defer { test.cleanup(); try? FileManager.default.removeItem(at: inbox.folder) }
        _ = try await test.person(extra: ["last_purchase_date": "2026-03-02"])
        let consent = "form[action='/privacy/consents/marketing_email'] button"
        try await test.test(.live) { client async throws in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let signIn = HeadlessChromium.privacySignIn(base: base, contact: "anna.test@example.com",
                                                        inboxShows: "To anna.test@example.com")
            let results = try await HeadlessChromium.visit(signIn + [
                .check("#kind-rectification"), .fill("#field", "full_name"), .fill("#value", "Тестова Анна Петровна"),
                .click("form[action='/privacy/requests'] button"), .text, .shot("customer-correction-filed"),
                .click(consent), .text, .click(consent), .text, .shot("customer-consent-withdrawn"),
                .check("#kind-erasure"), .click("form[action='/privacy/requests'] button"), .text,
                .shot("customer-erasure-explained"),
            ])
            #expect(results[12]?.contains("Your request has been received") == true)
            #expect(results[15]?.contains("Your consent has been recorded") == true)
            #expect(results[17]?.contains("Your consent has been withdrawn") == true)
            let erasure = try #require(results[21])
            #expect(erasure.contains("What your erasure request will do"))
            #expect(erasure.contains("402-FZ art. 29") && erasure.contains("Last purchase date"))
        }
        let requests = try await test.gateway.listRequests(principal: TestServer.officer)
        #expect(Set(requests.map(\.kind)) == [.rectification, .erasure])
    }
}
