import Core
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Mailer
import PDGateTesting
import Policy
@testable import Server
import Testing

/// After a customer asks for erasure, the privacy center explains, in the page's language, what goes, what a legal
/// hold keeps (fields, law and end day from the policy files) and what happens next; the confirmation message says
/// the same.
@Suite("Privacy center: what an erasure destroys and keeps", .timeLimit(.minutes(2)))
struct PrivacyErasureExplanationTests {
    /// A customer with a purchase on file (so the accounting hold applies), signed in to the privacy center.
    static func signedInCustomer(_ test: TestServer) async throws -> (SubjectID, cookie: String, csrf: String) {
        let subject = try await test.person(extra: ["last_purchase_date": "2026-03-02",
                                                    "last_purchase_amount": "45900"])
        let session = try await test.gateway.openPrivacySession(subject: subject.rawValue, lifetime: 1_800,
                                                                now: test.clock.now())
        return (subject, "pdgate_privacy=\(session.id)", session.csrf)
    }

    @Test("The page after an erasure request names the destroyed and held fields, the law and the hold's end",
          arguments: [Language.ru, .en])
    func explanationAfterErasure(language: Language) async throws {
        let test = try await TestServer.make()
        defer { test.cleanup() }
        let (subject, cookie, csrf) = try await Self.signedInCustomer(test)
        let preview = try await test.gateway.erasurePreview(of: subject, principal: TestServer.officer)
        let policies = test.gateway.policies
        let law = try #require(policies.retention.rule(named: "accounting")?.legalHold?[language])
        let expected = (preview.held + preview.destroyed).map {
            policies.fields.field(named: $0)?.label(in: language) ?? $0
        }
        try await test.test { client async throws in
            let form: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let filed = try await client.send(.post, "/privacy/requests?lang=\(language.rawValue)", headers: form,
                                              body: "csrf=\(csrf)&kind=erasure")
            #expect(filed.status == .seeOther)
            let location = try #require(filed.headers[.location])
            #expect(location.hasPrefix("/privacy/me?done=erasure"))
            let page = try await client.send(.get, "/privacy/me?done=erasure&lang=\(language.rawValue)",
                                             headers: [.cookie: cookie])
            #expect(page.status == .ok)
            let text = page.text
            #expect(text.contains(PrivacyStrings.text("done_erasure", language)))
            #expect(!preview.held.isEmpty && text.contains(law), "the law of retention.yaml")
            for label in expected { #expect(text.contains(label), "\(label)") }
            let zone = test.gateway.timeZone(ofJurisdiction: "RU")
            let holdEnd = CalendarDay(try #require(preview.holdEnds), in: zone).description
            #expect(text.contains(holdEnd), "the hold's last day \(holdEnd)")
            #expect(text.contains(PrivacyStrings.text("erasure_next", language)))
            let other: Language = language == .ru ? .en : .ru
            #expect(!text.contains(PrivacyStrings.text("erasure_title", other)), "one language per page")
        }
    }

    @Test("The erasure confirmation names the held fields, the law and the hold's end, as the page did")
    func confirmationSaysTheSame() async throws {
        let inbox = try FolderMailer(folder: FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-erasure-\(UUID())"))
        defer { try? FileManager.default.removeItem(at: inbox.folder) }
        let test = try await TestServer.make()
        defer { test.cleanup() }
        test.gateway.sendRequesterMessages(
            through: inbox, texts: try RequesterMessages(folder: Repository.policies.appendingPathComponent("messages")))
        let (subject, _, _) = try await Self.signedInCustomer(test)
        let officer = TestServer.officer
        let request = try await test.gateway.createRequest(kind: .erasure, subject: subject, jurisdiction: "RU",
                                                           channel: "privacy_center", field: nil, newValue: nil,
                                                           principal: officer)
        let outlook = try #require(try await test.gateway.erasureOutlook(
            of: request.reference, for: subject, language: .ru, principal: Gateway.privacyCenter))
        _ = try await test.gateway.verifyRequest(request.reference, method: "email_code", principal: officer)
        _ = try await test.gateway.runRequest(request.reference, principal: officer)
        let mail = try #require(inbox.messages().first)
        #expect(mail.subject.contains("удалены"))
        for label in outlook.held { #expect(mail.body.contains(label), "\(label)") }
        for law in outlook.laws { #expect(mail.body.contains(law), "\(law)") }
        #expect(mail.body.contains(try #require(outlook.holdEnds).description))
    }
}
