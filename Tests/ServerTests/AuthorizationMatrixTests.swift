import Foundation
import Hummingbird
import HummingbirdTesting
import Keyring
import Testing

/// Every role of roles.yaml against every /v1 endpoint: allowed calls never get 401 or 403, denied ones get 403
/// `refused` (and the refusal is audited by the gateway).
@Suite("Authorization matrix: roles × endpoints")
struct AuthorizationMatrixTests {
    struct Endpoint: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var body: String?
        /// The roles of Policies/roles.yaml allowed to call it.
        var allowed: Set<String>

        var description: String { "\(method) \(path)" }
    }

    static let officer: Set<String> = ["privacy_officer"]
    static let consent: Set<String> = ["privacy_officer", "manager", "support", "connector"]

    /// `{id}` is a subject, `{ref}` an open access request, `{done}` a completed one.
    static let endpoints: [Endpoint] = [
        .init(method: .post, path: "/v1/subjects",
              body: #"{"fields": {"full_name": "Матрица Тест", "email": "matrix@example.com"}, "#
                + #""consents": ["marketing_email"]}"#,
              allowed: ["privacy_officer", "manager"]),
        .init(method: .get, path: "/v1/subjects?email=anna.test%40example.com",
              allowed: ["privacy_officer", "manager", "support", "connector"]),
        .init(method: .post, path: "/v1/subjects/search", body: #"{"phone": "+79160000011"}"#,
              allowed: ["privacy_officer", "manager", "support", "connector"]),
        .init(method: .get, path: "/v1/subjects/{id}",
              allowed: ["privacy_officer", "manager", "support", "accountant", "connector"]),
        .init(method: .patch, path: "/v1/subjects/{id}", body: #"{"fields": {"notes": "called back"}}"#,
              allowed: ["privacy_officer", "manager", "support"]),
        .init(method: .get, path: "/v1/subjects/{id}/consents", allowed: consent),
        .init(method: .post, path: "/v1/subjects/{id}/consents", body: #"{"purpose": "telephony"}"#, allowed: consent),
        .init(method: .post, path: "/v1/subjects/{id}/consents/telephony/withdraw", allowed: consent),
        .init(method: .get, path: "/v1/requests", allowed: officer),
        .init(method: .get, path: "/v1/requests?overdue=true", allowed: officer),
        .init(method: .post, path: "/v1/requests", body: #"{"kind": "access", "email": "anna.test@example.com"}"#,
              allowed: officer),
        .init(method: .get, path: "/v1/requests/{ref}", allowed: officer),
        .init(method: .post, path: "/v1/requests/{ref}/verify", body: #"{"method": "email_code"}"#, allowed: officer),
        .init(method: .post, path: "/v1/requests/{ref}/run", allowed: officer),
        .init(method: .post, path: "/v1/requests/{ref}/extend", body: #"{"reason": "documents"}"#, allowed: officer),
        .init(method: .post, path: "/v1/requests/{ref}/refuse", body: #"{"reason": "no"}"#, allowed: officer),
        .init(method: .get, path: "/v1/requests/{done}/bundle", allowed: officer),
        .init(method: .get, path: "/v1/requests/{done}/act", allowed: officer),
        .init(method: .post, path: "/v1/purge/dry-run", allowed: officer),
        .init(method: .post, path: "/v1/purge/run", allowed: officer),
        .init(method: .get, path: "/v1/audit/verify", allowed: officer),
        .init(method: .get, path: "/v1/audit/subjects/{id}", allowed: officer),
        .init(method: .get, path: "/v1/stats", allowed: ["privacy_officer", "analyst"]),
        // Any role that sees a field of the purpose, below the review threshold (quality.yaml).
        .init(method: .post, path: "/v1/exports", body: #"{"purpose": "order_fulfilment"}"#,
              allowed: ["privacy_officer", "manager", "support", "accountant", "connector"]),
    ]

    @Test("Each role gets exactly the endpoints roles.yaml allows", arguments: TestServer.roles)
    func matrix(role: String) async throws {
        let test = try await TestServer.make()
        let id = try await test.person()
        let officer = TestServer.officer
        let open = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                        jurisdiction: "RU", channel: "email", principal: officer)
        let done = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                        jurisdiction: "RU", channel: "email", principal: officer)
        _ = try await test.gateway.verifyRequest(done.reference, method: "email_code", principal: officer)
        _ = try await test.gateway.runRequest(done.reference, principal: officer)
        try await test.test { client async throws in
            for endpoint in Self.endpoints {
                let uri = endpoint.path.replacingOccurrences(of: "{id}", with: id.rawValue)
                    .replacingOccurrences(of: "{ref}", with: open.reference)
                    .replacingOccurrences(of: "{done}", with: done.reference)
                let response = try await client.send(endpoint.method, uri, headers: test.headers(role, json: true),
                                                     body: endpoint.body)
                if endpoint.allowed.contains(role) {
                    #expect(response.status != .forbidden && response.status != .unauthorized,
                            "\(role) should be allowed \(endpoint), got \(response.status.code) \(response.text)")
                } else {
                    #expect(response.status == .forbidden && response.errorCode == "refused",
                            "\(role) should be refused \(endpoint), got \(response.status.code) \(response.text)")
                }
            }
        }
    }

    @Test("Every /v1 route of the server is in the matrix")
    func matrixCoversEveryRoute() async throws {
        let test = try await TestServer.make()
        defer { test.cleanup() }
        let inMatrix = Set(Self.endpoints.map { endpoint -> String in
            let path = endpoint.path.split(separator: "?").first.map(String.init) ?? endpoint.path
            return "\(endpoint.method.rawValue) " + path.replacingOccurrences(of: "{ref}", with: "{reference}")
                .replacingOccurrences(of: "{done}", with: "{reference}")
                .replacingOccurrences(of: "/telephony/", with: "/{purpose}/")
        })
        let api = Set(test.routes.filter { $0.contains(" /v1/") })
        #expect(api.subtracting(inMatrix).isEmpty, "missing from the matrix: \(api.subtracting(inMatrix).sorted())")
    }
}
