import Core
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Keyring
import Testing

@Suite("Authentication, refusals and rate limiting")
struct AuthenticationTests {
    @Test("No token, a malformed header and an unknown token are 401 with the JSON error shape")
    func missingAndBadTokens() async throws {
        let test = try await TestServer.make()
        try await test.test { client async throws in
            let none = try await client.send(.get, "/v1/stats")
            #expect(none.status == .unauthorized && none.errorCode == "unauthorized")
            #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect((none.json["error"] as? [String: Any])?["message"] is String)
            let basic = try await client.send(.get, "/v1/stats", headers: [.authorization: "Basic dXNlcjpwYXNz"])
            #expect(basic.status == .unauthorized)
            let bogus = "pdg_" + String(repeating: "A", count: 43)
            let unknown = try await client.send(.get, "/v1/stats", headers: [.authorization: "Bearer \(bogus)"])
            #expect(unknown.status == .unauthorized && unknown.errorCode == "unauthorized")
            #expect(!unknown.text.contains(bogus))
        }
    }

    @Test("A revoked token stops working at once")
    func revokedToken() async throws {
        let test = try await TestServer.make()
        try await test.test { client async throws in
            #expect(try await client.send(.get, "/v1/stats", headers: test.headers("analyst")).status == .ok)
            #expect(try await test.gateway.revokeToken(name: "analyst", principal: TestServer.officer))
            let after = try await client.send(.get, "/v1/stats", headers: test.headers("analyst"))
            #expect(after.status == .unauthorized)
        }
    }

    @Test("An expired token is refused with 401")
    func expiredToken() async throws {
        let test = try await TestServer.make()
        let short = try await test.gateway.createToken(name: "short", role: "analyst", validFor: 60,
                                                       principal: TestServer.officer)
        try await test.test { client async throws in
            let headers: HTTPFields = [.authorization: "Bearer \(short)"]
            #expect(try await client.send(.get, "/v1/stats", headers: headers).status == .ok)
            test.clock.advance(by: 61)
            #expect(try await client.send(.get, "/v1/stats", headers: headers).status == .unauthorized)
        }
    }

    @Test("A role refusal is 403 `refused`, and the refusal is in the audit log")
    func roleRefusalIsAudited() async throws {
        let test = try await TestServer.make()
        let id = try await test.person()
        try await test.test { client async throws in
            let response = try await client.send(.get, "/v1/subjects/\(id.rawValue)/consents",
                                                 headers: test.headers("accountant"))
            #expect(response.status == .forbidden && response.errorCode == "refused")
            let trail = try await test.gateway.auditTrail(of: id, principal: TestServer.officer)
            #expect(trail.contains { $0.principal == "token:accountant" && $0.outcome == .refused
                && $0.action == "consent.history" })
        }
    }

    @Test("Ten failures from one address get 429 for bad tokens until the window passes; a valid token is never locked out")
    func rateLimitsFailedAuthentication() async throws {
        let test = try await TestServer.make()
        try await test.test { client async throws in
            let bad: HTTPFields = [.authorization: "Bearer pdg_wrong"]
            for _ in 0..<10 {
                #expect(try await client.send(.get, "/v1/stats", headers: bad).status == .unauthorized)
            }
            let blocked = try await client.send(.get, "/v1/stats", headers: bad)
            #expect(blocked.status == .tooManyRequests && blocked.errorCode == "too_many_requests")
            let retry = try #require(blocked.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...60).contains(retry))
            let good = try await client.send(.get, "/v1/stats", headers: test.headers("analyst"))
            #expect(good.status == .ok, "another client's garbage must not lock out a valid token")
            #expect(try await client.send(.get, "/v1/stats", headers: bad).status == .tooManyRequests)
            test.clock.advance(by: 61)
            #expect(try await client.send(.get, "/v1/stats", headers: bad).status == .unauthorized)
            #expect(try await client.send(.get, "/v1/stats", headers: test.headers("analyst")).status == .ok)
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.text.contains("pdgate_auth_failures_total 13"))
        }
    }

    @Test("A boolean query parameter is true or false; anything else is a 422 naming it")
    func booleanQueryParameters() async throws {
        let test = try await TestServer.make()
        try await test.test { client async throws in
            for path in ["/v1/requests?open=true", "/v1/requests?open=false", "/v1/incidents?open=true"] {
                #expect(try await client.send(.get, path, headers: test.headers()).status == .ok, "\(path)")
            }
            for path in ["/v1/requests?overdue=maybe", "/v1/requests?open=1", "/v1/incidents?open=yes%20please"] {
                let response = try await client.send(.get, path, headers: test.headers())
                #expect(response.status == .unprocessableContent, "\(path)")
            }
        }
    }

    @Test("Rate limiting counts per address: behind a trusted proxy, by the last X-Forwarded-For entry")
    func rateLimitPerForwardedAddress() async throws {
        let test = try await TestServer.make { $0.trustForwardedFor = true; $0.authFailureLimit = 3 }
        try await test.test { client async throws in
            func bad(_ address: String) async throws -> HTTPResponse.Status {
                try await client.send(.get, "/v1/stats", headers: [
                    .authorization: "Bearer pdg_wrong", .init("X-Forwarded-For")!: "203.0.113.9, \(address)",
                ]).status
            }
            for _ in 0..<3 { #expect(try await bad("192.0.2.1") == .unauthorized) }
            #expect(try await bad("192.0.2.1") == .tooManyRequests)
            #expect(try await bad("192.0.2.2") == .unauthorized)
        }
    }

    @Test("Tokens are stored hashed: the vault file never holds a token")
    func tokensAreStoredHashed() async throws {
        let test = try await TestServer.make()
        defer { test.cleanup() }
        let token = try #require(test.tokens["privacy_officer"])
        #expect(token.hasPrefix("pdg_") && token.count == 47)
        try await test.gateway.vault.checkpoint()
        let raw = try Data(contentsOf: test.directory.vault)
        #expect(raw.range(of: Data(token.utf8)) == nil)
        #expect(raw.range(of: Data(token.dropFirst(4).utf8)) == nil)
        let listed = try await test.gateway.listTokens(principal: TestServer.officer)
        #expect(listed.count == TestServer.roles.count && listed.allSatisfy(\.isLive))
    }

    @Test("Only a role with admin creates tokens; names are unique and plain")
    func tokenManagementRules() async throws {
        let test = try await TestServer.make()
        defer { test.cleanup() }
        let gateway = test.gateway
        await #expect(throws: GatewayError.self) {
            _ = try await gateway.createToken(name: "x", role: "analyst", validFor: 60,
                                              principal: Principal(name: "m", role: "manager"))
        }
        await #expect(throws: GatewayError.self) {
            _ = try await gateway.createToken(name: "analyst", role: "analyst", validFor: 60,
                                              principal: TestServer.officer)
        }
        await #expect(throws: GatewayError.self) {
            _ = try await gateway.createToken(name: "anna@example.com <x>", role: "analyst", validFor: 60,
                                              principal: TestServer.officer)
        }
        await #expect(throws: GatewayError.self) {
            _ = try await gateway.createToken(name: "y", role: "nobody", validFor: 60, principal: TestServer.officer)
        }
    }
}
