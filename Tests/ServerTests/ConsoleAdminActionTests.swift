import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

/// Tokens and the access review in the console, through the gateway's audited calls.
@Suite("Console tokens and access review")
struct ConsoleAdminActionTests {
    @Test("A token created in the console is shown once, works, and is listed without its secret afterwards")
    func createShowsSecretOnce() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let created = try await client.send(.post, "/console/tokens?lang=en", headers: session.form,
                                                body: "csrf=\(session.csrf)&name=desk.olga&role=support&days=30")
            #expect(created.status == .created && created.headers[.cacheControl] == "no-store")
            let secret = try #require(Self.secret(in: created.text))
            #expect(try await test.gateway.authenticate(token: secret)?.role == "support")
            let list = try await client.send(.get, "/console/tokens", headers: session.headers)
            #expect(list.text.contains("desk.olga") && !list.text.contains(secret))
            let used = try await client.send(.post, "/console/tokens", headers: session.form,
                                             body: "csrf=\(session.csrf)&name=desk.olga&role=support&days=30")
            #expect(used.status == .unprocessableContent || used.status == .badRequest)
            #expect(Self.secret(in: used.text) == nil && used.text.contains("desk.olga"))
        }
    }

    @Test("Revoking shows a confirmation first; the token stops working only once confirmed")
    func revokeNeedsConfirmation() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["privacy_officer"])
        let secret = try await test.gateway.createToken(name: "crm", role: "connector", validFor: 86_400,
                                                        principal: TestServer.officer)
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let review = try await client.send(.post, "/console/tokens/crm/revoke?lang=en", headers: session.form,
                                               body: "csrf=\(session.csrf)&step=review")
            #expect(review.status == .ok && review.text.contains("cannot be undone"))
            #expect(try await test.gateway.authenticate(token: secret) != nil)
            let revoked = try await client.send(.post, "/console/tokens/crm/revoke", headers: session.form,
                                                body: "csrf=\(session.csrf)&step=confirm")
            #expect(revoked.status == .seeOther && revoked.headers[.location] == "/console/tokens?done=revoked")
            #expect(try await test.gateway.authenticate(token: secret) == nil)
            let again = try await client.send(.post, "/console/tokens/crm/revoke", headers: session.form,
                                              body: "csrf=\(session.csrf)&step=confirm")
            #expect(again.status == .notFound)
        }
    }

    @Test("The access review lists principals, flags a heavy reader and shows idle tokens, and is audited")
    func accessReview() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["privacy_officer"])
        let id = try await test.person()
        _ = try await test.gateway.showSubject(id, principal: .init(name: "token:support", role: "support"))
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let page = try await client.send(.get, "/console/access-review?lang=en&threshold=1",
                                             headers: session.headers)
            #expect(page.status == .ok && page.text.contains("token:support")
                    && page.text.contains("id=\"review-tokens\""))
            #expect(page.text.contains("<h2>Tokens</h2>") && page.text.contains("<h2>Principals</h2>"))
            let bad = try await client.send(.get, "/console/access-review?since=soon", headers: session.headers)
            #expect(bad.status == .unprocessableContent)
            let review = try await test.gateway.accessReview(since: test.clock.now().addingTimeInterval(-60),
                                                             principal: TestServer.officer)
            #expect(review.principals.contains { $0.principal == "token:privacy_officer"
                && $0.actions["access.review"] != nil })
        }
    }

    /// The token shown once on the page (`pdg_` and 43 characters).
    static func secret(in html: String) -> String? {
        guard let range = html.range(of: "id=\"token-value\">") else { return nil }
        let value = String(html[range.upperBound...].prefix { $0 != "<" })
        return value.hasPrefix("pdg_") ? value : nil
    }
}
