import Testing
@testable import Server

@Suite("Bearer token parsing")
struct BearerTokenParsingTests {
    @Test("The scheme is matched in any case and blanks around the token are dropped")
    func parses() {
        #expect(BearerAuthMiddleware.bearerToken(in: "Bearer pdg_abc") == "pdg_abc")
        #expect(BearerAuthMiddleware.bearerToken(in: "bearer pdg_abc") == "pdg_abc")
        #expect(BearerAuthMiddleware.bearerToken(in: "BEARER   pdg_abc \t") == "pdg_abc")
        #expect(BearerAuthMiddleware.bearerToken(in: "Bearer токен") == "токен")
    }

    @Test("Other schemes, a missing token and a scheme without its space give no token")
    func refuses() {
        for header in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer    ", "Bearerpdg_abc", "", "Token pdg_abc"] {
            #expect(BearerAuthMiddleware.bearerToken(in: header) == "", "\(header)")
        }
    }
}
