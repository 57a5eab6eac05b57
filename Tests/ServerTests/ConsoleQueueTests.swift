import Core
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

/// The request queue's filters, pages and people's names, the purge preview's pages and rule names, and the case
/// timeline with internal notes.
@Suite("Console queue, purge preview and case timeline")
struct ConsoleQueueTests {
    @Test("The queue names the person, filters by kind and state, and pages 50 at a time")
    func queueNamesFiltersAndPages() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["privacy_officer"])
        _ = try await test.person()
        let officer = TestServer.officer
        let erasure = try await test.gateway.createRequest(kind: .erasure, lookup: .email("anna.test@example.com"),
                                                           jurisdiction: "RU", channel: "letter", principal: officer)
        for _ in 0..<51 {
            _ = try await test.gateway.createRequest(kind: .access, lookup: .email("nobody@example.com"),
                                                     jurisdiction: "RU", channel: "email", principal: officer)
        }
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let erasures = try await client.send(.get, "/console/requests?filter=all&kind=erasure&lang=en",
                                                 headers: session.headers).text
            #expect(erasures.contains(erasure.reference) && erasures.contains("Тестова Анна Ивановна"))
            #expect(Self.rows(erasures) == 1)
            let first = try await client.send(.get, "/console/requests?filter=all&lang=en", headers: session.headers)
            #expect(Self.rows(first.text) == 50 && first.text.contains("1–50 / 52"))
            #expect(first.text.contains("/console/requests?filter=all&amp;page=2"))
            let second = try await client.send(.get, "/console/requests?filter=all&page=2", headers: session.headers)
            #expect(Self.rows(second.text) == 2 && second.text.contains("51–52 / 52"))
            let verified = try await client.send(.get, "/console/requests?filter=all&state=verified",
                                                 headers: session.headers).text
            #expect(Self.rows(verified) == 0)
            let bad = try await client.send(.get, "/console/requests?kind=marketing", headers: session.headers)
            #expect(bad.status == .unprocessableContent)
            let badPage = try await client.send(.get, "/console/requests?page=0", headers: session.headers)
            #expect(badPage.status == .unprocessableContent)
        }
    }

    @Test("A person's page names purposes and their legal bases in words, not codes")
    func purposesInWords() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["privacy_officer"])
        let id = try await test.person()
        _ = try await test.gateway.giveConsent(id, purpose: "marketing_email",
                                               capture: ConsentCapture(channel: "api", source: "test"),
                                               principal: TestServer.officer)
        let purpose = try #require(test.gateway.policies.purpose(named: "marketing_email"))
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let page = try await client.send(.get, "/console/subjects/\(id.rawValue)?lang=en", headers: session.headers)
            #expect(page.text.contains("<td>\(purpose.description[.en])"))
            #expect(page.text.contains(purpose.legalBasis.label[.en]))
            #expect(!page.text.contains("<td>marketing_email"))
        }
    }

    @Test("A note on a request is kept on its timeline with who wrote it, audited without its text")
    func timelineWithNote() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["privacy_officer"])
        _ = try await test.person()
        let request = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                           jurisdiction: "RU", channel: "letter",
                                                           principal: TestServer.officer)
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let base = "/console/requests/\(request.reference)"
            let noted = try await client.send(.post, base + "/note", headers: session.form,
                                              body: "csrf=\(session.csrf)&note=Letter+scanned+to+the+file")
            #expect(noted.status == .seeOther)
            let page = try await client.send(.get, base + "?lang=en", headers: session.headers).text
            #expect(page.contains("id=\"timeline-events\"") && page.contains("Registered"))
            #expect(page.contains("Letter scanned to the file") && page.contains("token:privacy_officer"))
            let empty = try await client.send(.post, base + "/note", headers: session.form,
                                              body: "csrf=\(session.csrf)&note=+")
            #expect(empty.status == .unprocessableContent)
            let timeline = try await test.gateway.requestTimeline(request.reference, principal: TestServer.officer)
            #expect(timeline.map(\.action) == ["request.create", "request.note"])
            #expect(timeline.allSatisfy { !($0.detail ?? "").contains("scanned") })
        }
    }

    @Test("A request that matched nobody has a timeline too, read from the log since it was received")
    func timelineWithoutPerson() async throws {
        let test = try await TestServer.make()
        defer { test.cleanup() }
        let officer = TestServer.officer
        let request = try await test.gateway.createRequest(kind: .access, lookup: .email("nobody@example.com"),
                                                           jurisdiction: "RU", channel: "email", principal: officer)
        _ = try await test.gateway.addRequestNote(request.reference, text: "Asked for a signed copy",
                                                  principal: officer)
        let other = try await test.gateway.createRequest(kind: .access, lookup: .email("nobody@example.com"),
                                                         jurisdiction: "RU", channel: "email", principal: officer)
        let timeline = try await test.gateway.requestTimeline(request.reference, principal: officer)
        #expect(timeline.map(\.action) == ["request.create", "request.note"])
        #expect(try await test.gateway.requestTimeline(other.reference, principal: officer).count == 1)
        await #expect(throws: GatewayError.self) {
            try await test.gateway.requestTimeline(request.reference, principal: .init(name: "s", role: "support"))
        }
    }

    @Test("The person search names each person and pages 25 at a time through the posted form")
    func searchPages() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["support"])
        for index in 0..<27 {
            _ = try await test.person(name: "Общий Телефон \(index)", email: "shared\(index)@example.com",
                                      phone: "+7 916 000-00-99")
        }
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let first = try await client.send(.post, "/console/subjects?lang=en", headers: session.form,
                                              body: "csrf=\(session.csrf)&kind=phone&value=%2B79160000099")
            #expect(first.status == .ok && first.text.contains("1–25 / 27") && first.text.contains("Общий Телефон"))
            #expect(first.text.components(separatedBy: "<b class=\"person\">").count - 1 == 25)
            let second = try await client.send(.post, "/console/subjects?lang=en", headers: session.form,
                                               body: "csrf=\(session.csrf)&kind=phone&value=%2B79160000099&page=2")
            #expect(second.text.contains("26–27 / 27"))
            #expect(second.text.components(separatedBy: "<b class=\"person\">").count - 1 == 2)
        }
    }

    /// Rows of the queue's table.
    static func rows(_ html: String) -> Int {
        html.components(separatedBy: "<a href=\"/console/requests/REQ-").count - 1
    }
}
