import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
@testable import Server
import Testing

/// The breach register's actions in the console: open, update, mark a notice sent, close behind a confirmation,
/// and the notice drafts, each through the gateway's audited incident calls.
@Suite("Console incident actions")
struct ConsoleIncidentActionTests {
    @Test("An incident opened from the console starts its clocks, takes notes and a sent notice, and links its drafts")
    func openUpdateAndDrafts() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["privacy_officer"])
        let detected = ConsoleRoutes.localMinute(test.clock.now().addingTimeInterval(-3600))
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let form = try await client.send(.get, "/console/incidents/new?lang=en", headers: session.headers)
            #expect(form.status == .ok && form.text.contains("id=\"new-incident\""))
            let opened = try await client.send(
                .post, "/console/incidents/new", headers: session.form,
                body: "csrf=\(session.csrf)&detected=\(detected)&summary=Laptop+lost&systems=crm&jurisdiction_RU=yes")
            #expect(opened.status == .seeOther)
            let location = try #require(opened.headers[.location])
            #expect(location.hasPrefix("/console/incidents/INC-") && location.hasSuffix("?done=opened"))
            let reference = String(location.dropFirst("/console/incidents/".count).prefix { $0 != "?" })
            let page = try await client.send(.get, "/console/incidents/\(reference)?lang=en", headers: session.headers)
            #expect(page.status == .ok && page.text.contains("Laptop lost"))
            #expect(page.text.contains("Roskomnadzor, initial notice (24 h)") && !page.text.contains(">ru_initial<"))
            #expect(page.text.contains("/console/incidents/\(reference)/draft?kind=initial"))
            let updated = try await client.send(
                .post, "/console/incidents/\(reference)/update", headers: session.form,
                body: "csrf=\(session.csrf)&note=Called+the+host&measures=Passwords+reset"
                    + "&sent_deadline=ru_initial&sent_reference=RKN-1")
            #expect(updated.status == .seeOther)
            let incident = try await test.gateway.showIncident(reference, principal: TestServer.officer)
            #expect(incident.updates.map(\.note) == ["Called the host"] && incident.measures == "Passwords reset")
            #expect(incident.deadlines.first { $0.name == "ru_initial" }?.sentReference == "RKN-1")
            let draft = try await client.send(.get, "/console/incidents/\(reference)/draft?kind=initial&lang=ru",
                                              headers: session.headers)
            #expect(draft.status == .ok && draft.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(draft.text.contains(reference))
        }
    }

    @Test("A bad detection time brings the form back with what was typed and opens nothing")
    func badFormKeepsInput() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let response = try await client.send(.post, "/console/incidents/new?lang=en", headers: session.form,
                                                 body: "csrf=\(session.csrf)&detected=yesterday&summary=Kept+text")
            #expect(response.status == .unprocessableContent && response.text.contains("Kept text"))
            #expect(try await test.gateway.listIncidents(principal: TestServer.officer).isEmpty)
        }
    }

    @Test("Closing shows what it means first and closes only on confirmation")
    func closeNeedsConfirmation() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["privacy_officer"])
        let incident = try await test.gateway.openIncident(detectedAt: test.clock.now(), summary: "Close me",
                                                           principal: TestServer.officer)
        let reference = incident.reference
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let review = try await client.send(.post, "/console/incidents/\(reference)/close?lang=en",
                                               headers: session.form, body: "csrf=\(session.csrf)&step=review")
            #expect(review.status == .ok && review.text.contains("Closing is final"))
            #expect(review.text.contains("Roskomnadzor, initial notice (24 h)"))
            #expect(try await test.gateway.showIncident(reference, principal: TestServer.officer).state == "open")
            let closed = try await client.send(.post, "/console/incidents/\(reference)/close", headers: session.form,
                                               body: "csrf=\(session.csrf)&step=confirm&note=Resolved")
            #expect(closed.status == .seeOther)
            let after = try await test.gateway.showIncident(reference, principal: TestServer.officer)
            #expect(after.state == "closed" && after.updates.last?.note == "Resolved")
            let page = try await client.send(.get, "/console/incidents/\(reference)", headers: session.headers)
            #expect(!page.text.contains("id=\"update-incident\"") && !page.text.contains("id=\"close-incident\""))
        }
    }
}
