import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

/// Irreversible console steps are never one click: the server itself refuses them without the confirmation.
@Suite("Console confirmations")
struct ConsoleConfirmationTests {
    @Test("A refusal or an erasure run without the confirmation box is refused and changes nothing")
    func refusalAndErasureNeedConfirmation() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        let officer = TestServer.officer
        let erasure = try await test.gateway.createRequest(kind: .erasure, lookup: .email("anna.test@example.com"),
                                                           jurisdiction: "RU", channel: "letter", principal: officer)
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let base = "/console/requests/\(erasure.reference)"
            let refused = try await client.send(.post, base + "/refuse?lang=en", headers: session.form,
                                                body: "reason=Not+signed&csrf=\(session.csrf)")
            #expect(refused.status == .unprocessableContent && refused.text.contains("Tick the confirmation box"))
            _ = try await test.gateway.verifyRequest(erasure.reference, method: "signed_letter", principal: officer)
            let page = try await client.send(.get, base + "?lang=en", headers: session.headers).text
            #expect(page.contains("Destroyed now") && page.contains("E-mail") && page.contains("run-confirm"))
            let run = try await client.send(.post, base + "/run?lang=en", headers: session.form,
                                            body: "language=ru&csrf=\(session.csrf)")
            #expect(run.status == .unprocessableContent)
            #expect(try await test.gateway.request(erasure.reference, principal: officer).state == .verified)
            let confirmed = try await client.send(.post, base + "/run?lang=en", headers: session.form,
                                                  body: "language=ru&confirm=yes&csrf=\(session.csrf)")
            #expect(confirmed.status == .seeOther || confirmed.status == .ok)
        }
        #expect(try await test.gateway.request(erasure.reference, principal: officer).state == .completed)
    }

    @Test("Without a mailer the request page says the person is not written to, and offers no identity request")
    func noMailerIsSaid() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        let created = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                           jurisdiction: "RU", channel: "letter",
                                                           principal: TestServer.officer)
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let page = try await client.send(.get, "/console/requests/\(created.reference)?lang=en",
                                             headers: session.headers).text
            #expect(page.contains("No mailer is configured") && !page.contains("ask-identity"))
        }
    }
}
