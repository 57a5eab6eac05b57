import Core
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import PDGateTesting
import Requests
import Testing

/// The officer reviews an access answer's free text in the console before the person gets it.
@Suite("Console: free-text review of an access answer")
struct ConsoleFreeTextReviewTests {
    /// A person with `notes` on file and their access request, verified and answered.
    static func answeredAccessRequest(notes: String) async throws -> (TestServer, SubjectID, SubjectRequest) {
        let test = try await TestServer.make()
        let id = try await test.person(extra: ["notes": notes])
        let officer = TestServer.officer
        let request = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                           jurisdiction: "RU", channel: "email", principal: officer)
        _ = try await test.gateway.verifyRequest(request.reference, method: "email_code", principal: officer)
        _ = try await test.gateway.runRequest(request.reference, principal: officer)
        return (test, id, request)
    }

    @Test("The review page shows the flagged note; the redacted text is what the person's answer then carries")
    func reviewRedactsNote() async throws {
        let (test, id, request) = try await Self.answeredAccessRequest(notes: "Дочь Маша, 7 лет")
        let officer = TestServer.officer
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: test.tokens["privacy_officer"] ?? "")
            let page = try await client.send(.get, "/console/requests/\(request.reference)",
                                             headers: [.cookie: session.cookie])
            #expect(page.text.contains("/console/requests/\(request.reference)/review"))
            let review = try await client.send(.get, "/console/requests/\(request.reference)/review",
                                               headers: [.cookie: session.cookie])
            #expect(review.status == .ok)
            #expect(review.text.contains(#"name="text.notes""#) && review.text.contains("Дочь Маша, 7 лет"))
            let body = "csrf=\(session.csrf)&text.notes="
                + "Дочь (данные третьего лица удалены)".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let posted = try await client.send(.post, "/console/requests/\(request.reference)/review",
                                               headers: session.form, body: body)
            #expect(posted.status == .seeOther)
            #expect(posted.headers[.location] == "/console/requests/\(request.reference)?done=reviewed")
            let again = try await client.send(.get, "/console/requests/\(request.reference)/review",
                                              headers: [.cookie: session.cookie])
            #expect(!again.text.contains("Маша"), "a reviewed answer has nothing left to review")
        }
        let files = try await test.gateway.accessAnswer(of: request.reference, for: id, language: .ru,
                                                        principal: officer)
        #expect(!files.html.contains("Маша") && files.html.contains("данные третьего лица удалены"))
    }

    @Test("Withholding a note removes it from the person's answer")
    func withholdNote() async throws {
        let (test, id, request) = try await Self.answeredAccessRequest(notes: "Муж Пётр, тел. +7 916 111-22-33")
        let officer = TestServer.officer
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: test.tokens["privacy_officer"] ?? "")
            let posted = try await client.send(.post, "/console/requests/\(request.reference)/review",
                                               headers: session.form,
                                               body: "csrf=\(session.csrf)&text.notes=x&withhold.notes=yes")
            #expect(posted.status == .seeOther)
        }
        let files = try await test.gateway.accessAnswer(of: request.reference, for: id, language: .ru,
                                                        principal: officer)
        let json = try JSONSerialization.jsonObject(with: files.json) as? [String: Any]
        let items = json?["items"] as? [[String: Any]] ?? []
        #expect(!items.contains { $0["field"] as? String == "notes" })
        #expect(!files.html.contains("Пётр"))
    }
}
