import Foundation
import PDGateTesting
import Gateway
import Hummingbird
import HummingbirdTesting
import Mailer
import Server
import Testing

/// The customer's side in Debian's headless Chromium, reading every e-mail in the development inbox.
@Suite("The privacy center in a real browser", .serialized)
struct PrivacyBrowserTests {
    /// The code arrives in the inbox (a second tab), the person signs in with it, asks for their data, and the
    /// receipt with the reference and deadline arrives too.
    @Test("A customer gets the code from the dev inbox, signs in and files an access request; the receipt arrives",
          .timeLimit(.minutes(3)))
    func accessRequestWithTheInbox() async throws {
        let inbox = try FolderMailer(folder: FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-inbox-\(UUID())"))
        defer { try? FileManager.default.removeItem(at: inbox.folder) }
        let test = try await TestServer.make {
            $0.devInbox = inbox
            $0.privacyCenter = PrivacyCenterConfiguration(mailer: inbox)
        }
        test.gateway.sendRequesterMessages(
            through: inbox, texts: try RequesterMessages(folder: Repository.policies.appendingPathComponent("messages")))
        _ = try await test.person()
        try await test.test(.live) { client async throws in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let signIn = HeadlessChromium.privacySignIn(base: base, contact: "anna.test@example.com",
                                                        inboxShows: "To anna.test@example.com")
            let results = try await HeadlessChromium.visit(signIn + [
                .url,
                .check("#kind-access"), .click("form[action='/privacy/requests'] button"), .text,
                .shot("privacy-request-filed"),
                .tab("inbox"), .until("REQ-", reload: "\(base)/dev/inbox"), .shot("privacy-inbox"),
            ])
            #expect(results[8]?.hasSuffix("/privacy/me") == true)
            let me = try #require(results[11])
            let reference = try #require(me.range(of: #"REQ-\d{4}-\d{6}"#, options: .regularExpression)
                .map { String(me[$0]) })
            let mails = try #require(results[14])
            #expect(mails.contains("Ваше обращение \(reference) получено"))
        }
    }

    /// A correction that does not fit the field comes back on the same page, the problem in the page's language next
    /// to the field, with the kind, the field and the typed value kept.
    @Test("An invalid correction keeps what was typed and says why inline", .timeLimit(.minutes(3)))
    func invalidCorrectionKeepsTheForm() async throws {
        let inbox = try FolderMailer(folder: FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-inbox-\(UUID())"))
        defer { try? FileManager.default.removeItem(at: inbox.folder) }
        let test = try await TestServer.make {
            $0.devInbox = inbox
            $0.privacyCenter = PrivacyCenterConfiguration(mailer: inbox)
        }
        _ = try await test.person()
        try await test.test(.live) { client async throws in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let signIn = HeadlessChromium.privacySignIn(base: base, contact: "anna.test@example.com",
                                                        inboxShows: "To anna.test@example.com")
            let results = try await HeadlessChromium.visit(signIn + [
                .check("#kind-rectification"), .fill("#field", "phone"), .fill("#value", "call me maybe"),
                .click("form[action='/privacy/requests'] button"),
                .text, .value("#value"), .value("#field"), .value("#kind-rectification"), .url,
                .shot("privacy-invalid-correction"),
            ])
            #expect(results[12]?.contains("That value does not fit the chosen field") == true)
            #expect(results[13] == "call me maybe" && results[14] == "phone" && results[15] == "true")
            #expect(results[16]?.hasSuffix("/privacy/requests") == true)
        }
        #expect(try await test.gateway.listRequests(principal: TestServer.officer).isEmpty)
    }
}
