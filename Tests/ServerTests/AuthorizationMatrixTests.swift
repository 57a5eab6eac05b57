import Core
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Keyring
import Mailer
import PDGateTesting
import Requests
@testable import Server
import Testing

/// Every role of roles.yaml against every /v1 endpoint: an allowed call gets exactly the status the endpoint
/// answers when it works (so a 500 or a missing route fails), a denied one 403 `refused` (and the refusal is
/// audited by the gateway).
@Suite("Authorization matrix: roles × endpoints")
struct AuthorizationMatrixTests {
    struct Endpoint: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var body: String?
        /// The roles of Policies/roles.yaml allowed to call it.
        var allowed: Set<String>
        /// What an allowed role gets: exactly this status (a 500 or a 404 from a missing route is a failure).
        var status: HTTPResponse.Status = .ok

        var description: String { "\(method) \(path)" }
    }

    static let officer: Set<String> = ["privacy_officer"]
    static let consent: Set<String> = ["privacy_officer", "manager", "support", "connector"]

    /// `{id}` is a subject, `{ref}` an open access request, `{done}` a completed one.
    static let endpoints: [Endpoint] = [
        .init(method: .post, path: "/v1/subjects",
              body: #"{"fields": {"full_name": "Матрица Тест", "email": "matrix@example.com"}, "#
                + #""consents": ["marketing_email"]}"#,
              allowed: ["privacy_officer", "manager"], status: .created),
        .init(method: .get, path: "/v1/subjects?email=anna.test%40example.com",
              allowed: ["privacy_officer", "manager", "support", "connector"]),
        .init(method: .post, path: "/v1/subjects/search", body: #"{"phone": "+79160000011"}"#,
              allowed: ["privacy_officer", "manager", "support", "connector"]),
        .init(method: .get, path: "/v1/subjects/{id}",
              allowed: ["privacy_officer", "manager", "support", "accountant", "connector"]),
        .init(method: .patch, path: "/v1/subjects/{id}", body: #"{"fields": {"notes": "called back"}}"#,
              allowed: ["privacy_officer", "manager", "support"]),
        .init(method: .get, path: "/v1/subjects/{id}/consents", allowed: consent),
        .init(method: .post, path: "/v1/subjects/{id}/consents", body: #"{"purpose": "telephony"}"#, allowed: consent,
              status: .created),
        .init(method: .post, path: "/v1/subjects/{id}/consents/telephony/withdraw", allowed: consent),
        .init(method: .get, path: "/v1/requests", allowed: officer),
        .init(method: .get, path: "/v1/requests?overdue=true", allowed: officer),
        .init(method: .post, path: "/v1/requests", body: #"{"kind": "access", "email": "anna.test@example.com"}"#,
              allowed: officer, status: .created),
        .init(method: .get, path: "/v1/requests/{ref}", allowed: officer),
        .init(method: .post, path: "/v1/requests/{ref}/verify", body: #"{"method": "email_code"}"#, allowed: officer),
        .init(method: .post, path: "/v1/requests/{ref}/run", allowed: officer),
        .init(method: .post, path: "/v1/requests/{extend}/extend", body: #"{"reason": "documents"}"#,
              allowed: officer),
        .init(method: .post, path: "/v1/requests/{refuse}/refuse", body: #"{"reason": "no"}"#,
              allowed: officer),
        // A request that has been run is finished: it can be neither extended nor refused.
        .init(method: .post, path: "/v1/requests/{ref}/extend", body: #"{"reason": "documents"}"#, allowed: officer,
              status: .conflict),
        .init(method: .get, path: "/v1/requests/{done}/bundle", allowed: officer),
        // An access request has no destruction act.
        .init(method: .get, path: "/v1/requests/{done}/act", allowed: officer, status: .notFound),
        .init(method: .post, path: "/v1/purge/dry-run", allowed: officer),
        .init(method: .post, path: "/v1/purge/run", allowed: officer),
        .init(method: .get, path: "/v1/audit/verify", allowed: officer),
        .init(method: .get, path: "/v1/audit/subjects/{id}", allowed: officer),
        .init(method: .get, path: "/v1/stats", allowed: ["privacy_officer", "analyst"]),
        .init(method: .get, path: "/v1/connectors/status", allowed: officer),
        // An allowed role gets 404 for an event that never failed; a denied one is refused before the lookup.
        .init(method: .post, path: "/v1/connectors/dead-letters/{event}/requeue", allowed: officer,
              status: .notFound),
        .init(method: .get, path: "/v1/incidents", allowed: officer),
        .init(method: .post, path: "/v1/incidents", body: #"{"summary": "matrix test"}"#, allowed: officer,
              status: .created),
        .init(method: .get, path: "/v1/incidents/{inc}", allowed: officer),
        .init(method: .get, path: "/v1/incidents/{inc}/draft", allowed: officer),
        .init(method: .post, path: "/v1/incidents/{inc}/update", body: #"{"note": "checked"}"#, allowed: officer),
        .init(method: .post, path: "/v1/incidents/{inc}/close", allowed: officer),
        // Only a role with the export action (roles.yaml).
        .init(method: .post, path: "/v1/exports", body: #"{"purpose": "order_fulfilment"}"#, allowed: officer),
    ]

    /// A person with an open access request (`{ref}`) and a completed one (`{done}`).
    static func personWithRequests(_ test: TestServer) async throws -> (SubjectID, SubjectRequest, SubjectRequest) {
        let (id, open, done, _, _) = try await personWithOpenRequests(test)
        return (id, open, done)
    }

    /// ``personWithRequests(_:)`` with two more open requests: one to extend (`{extend}`), one to refuse
    /// (`{refuse}`).
    static func personWithOpenRequests(_ test: TestServer) async throws
        -> (SubjectID, SubjectRequest, SubjectRequest, SubjectRequest, SubjectRequest)
    {
        let id = try await test.person()
        let officer = TestServer.officer
        let open = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                        jurisdiction: "RU", channel: "email", principal: officer)
        let done = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                        jurisdiction: "RU", channel: "email", principal: officer)
        _ = try await test.gateway.verifyRequest(done.reference, method: "email_code", principal: officer)
        _ = try await test.gateway.runRequest(done.reference, principal: officer)
        let extend = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                          jurisdiction: "RU", channel: "email", principal: officer)
        let refuse = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                          jurisdiction: "RU", channel: "email", principal: officer)
        return (id, open, done, extend, refuse)
    }

    @Test("Each role gets exactly the endpoints roles.yaml allows", arguments: TestServer.roles)
    func matrix(role: String) async throws {
        let test = try await TestServer.make()
        let (id, open, done, extend, refuse) = try await Self.personWithOpenRequests(test)
        let officer = TestServer.officer
        let incident = try await test.gateway.openIncident(detectedAt: Date(), summary: "matrix", principal: officer)
        try await test.test { client async throws in
            for endpoint in Self.endpoints {
                let uri = endpoint.path.replacingOccurrences(of: "{id}", with: id.rawValue)
                    .replacingOccurrences(of: "{ref}", with: open.reference)
                    .replacingOccurrences(of: "{done}", with: done.reference)
                    .replacingOccurrences(of: "{extend}", with: extend.reference)
                    .replacingOccurrences(of: "{refuse}", with: refuse.reference)
                    .replacingOccurrences(of: "{event}", with: "evt_00000000-0000-0000-0000-000000000000")
                    .replacingOccurrences(of: "{inc}", with: incident.reference)
                let response = try await client.send(endpoint.method, uri, headers: test.headers(role, json: true),
                                                     body: endpoint.body)
                if endpoint.allowed.contains(role) {
                    #expect(response.status == endpoint.status,
                            "\(role) should get \(endpoint.status.code) from \(endpoint), got \(response.status.code) \(response.text)")
                } else {
                    #expect(response.status == .forbidden && response.errorCode == "refused",
                            "\(role) should be refused \(endpoint), got \(response.status.code) \(response.text)")
                }
            }
        }
    }

    /// Routes anyone who can reach the port may call: health, metrics, the API description, the console's login
    /// page, login form and stylesheet.
    static let publicRoutes: Set<String> = [
        "GET /healthz", "GET /metrics", "GET /openapi.json", "GET /console", "GET /console/login",
        "POST /console/login", "GET /console/assets/console.css", "GET /livez",
        // Mailchimp cannot send a token: the secret in the path authenticates it (InboundWebhookTests).
        "GET /inbound/{connector}/{secret}", "POST /inbound/{connector}/{secret}",
    ]

    /// The privacy center (PrivacyCenterTests): people's own pages, never a staff credential. Those of a signed-in
    /// person send anyone else to `/privacy`.
    static let privacyCenterRoutes: Set<String> = [
        "GET /privacy", "GET /privacy/assets/privacy.css", "POST /privacy/code", "POST /privacy/verify",
        "GET /privacy/me", "POST /privacy/requests", "POST /privacy/consents/{purpose}", "GET /privacy/download/{token}",
        "POST /privacy/logout", "GET /privacy/notices/{purpose}", "GET /privacy/signup", "GET /privacy/signup/snippet",
        "POST /privacy/signup", "GET /privacy/signup/confirm/{token}", "POST /privacy/signup/confirm/{token}",
        "GET /privacy/api/signup", "POST /privacy/api/signup",
        // An answer link's own pages (AnswerLinkTests): the link, then a session reading that one answer.
        "GET /privacy/a/{token}", "POST /privacy/a/{token}", "GET /privacy/answer", "GET /privacy/answer/{format}",
    ]
    static let privacySessionRoutes: Set<String> = [
        "GET /privacy/me", "POST /privacy/requests", "POST /privacy/consents/{purpose}",
    ]

    /// Console pages (session cookie), with the roles whose session may see them; the gateway's role checks decide,
    /// as for the API.
    static let consolePages: [(path: String, allowed: Set<String>)] = [
        ("/console/requests", officer), ("/console/requests/new", officer), ("/console/requests/{ref}", officer),
        ("/console/requests/{done}/bundle", officer), ("/console/requests/{done}/act", officer),
        ("/console/subjects", Set(TestServer.roles)),
        ("/console/subjects/{id}", ["privacy_officer", "manager", "support", "accountant", "connector"]),
        ("/console/subjects/{id}/audit", officer), ("/console/purge", officer),
        ("/console/stats", ["privacy_officer", "analyst"]), ("/console/connectors", officer),
        ("/console/incidents", officer), ("/console/incidents/new", officer), ("/console/incidents/{inc}", officer),
        ("/console/incidents/{inc}/draft", officer), ("/console/access-review", officer), ("/console/tokens", officer),
        ("/console/requests/{done}/review", officer),
    ]

    /// Console forms (session cookie and CSRF token); each posts to a gateway call of the API matrix, and
    /// ConsoleTests covers their CSRF and cross-site refusals.
    static let consoleForms: Set<String> = [
        "POST /console/logout", "POST /console/subjects", "POST /console/requests/{reference}/verify",
        "POST /console/requests/{reference}/run", "POST /console/requests/{reference}/refuse",
        "POST /console/requests/{reference}/extend", "POST /console/connectors/dead-letters/{event}/requeue",
        "POST /console/requests/new", "POST /console/requests/{reference}/ask-identity", "POST /console/subjects/{id}/act",
        "POST /console/requests/{reference}/note", "POST /console/incidents/new",
        "POST /console/incidents/{incident}/update",
        "POST /console/incidents/{incident}/close", "POST /console/tokens", "POST /console/tokens/{name}/revoke",
        "POST /console/requests/{reference}/review", "POST /console/requests/{reference}/answer-link",
        "POST /console/connectors/{name}/test",
    ]

    /// The console forms added for the officer's day, with the exact status an allowed role gets (a confirmation
    /// page is 200, a done action 303, a created token 201); every other role gets 403.
    typealias FormStatus = (path: String, body: String, allowed: Set<String>, status: HTTPResponse.Status)
    static let consoleFormStatuses: [FormStatus] = [
        ("/console/requests/{ref}/note", "note=checked", officer, .seeOther),
        ("/console/incidents/new", "detected={now}&summary=matrix", officer, .seeOther),
        ("/console/incidents/{inc}/update", "note=checked", officer, .seeOther),
        ("/console/incidents/{inc}/close", "step=review", officer, .ok),
        ("/console/tokens", "name=matrix-{role}&role=support&days=1", officer, .created),
        ("/console/tokens/connector/revoke", "step=review", officer, .ok),
        ("/console/requests/{done}/review", "", officer, .seeOther),
        // A new answer link for a completed access request (sent to the contact on file).
        ("/console/requests/{done}/answer-link", "", officer, .seeOther),
        // A connector test: the page with the outcome (no connector runs in this test server).
        ("/console/connectors/mailchimp/test", "", officer, .ok),
    ]

    @Test("Each role's console session gets exactly the status roles.yaml allows from the officer's forms",
          arguments: TestServer.roles)
    func consoleFormMatrix(role: String) async throws {
        let test = try await TestServer.make()
        let (_, open, done) = try await Self.personWithRequests(test)
        let incident = try await test.gateway.openIncident(detectedAt: test.clock.now(), summary: "matrix",
                                                           principal: TestServer.officer)
        let now = ConsoleRoutes.localMinute(test.clock.now())
        let inbox = try FolderMailer(folder: FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-matrix-\(UUID())"))
        defer { try? FileManager.default.removeItem(at: inbox.folder) }
        test.gateway.sendRequesterMessages(
            through: inbox, texts: try RequesterMessages(folder: Repository.policies.appendingPathComponent("messages")))
        test.gateway.deliverAnswerLinks(AnswerLinkDelivery(baseURL: "https://example.com"))
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: test.tokens[role] ?? "")
            for form in Self.consoleFormStatuses {
                let uri = form.path.replacingOccurrences(of: "{ref}", with: open.reference)
                    .replacingOccurrences(of: "{done}", with: done.reference)
                    .replacingOccurrences(of: "{inc}", with: incident.reference)
                let body = "csrf=\(session.csrf)&" + form.body.replacingOccurrences(of: "{now}", with: now)
                    .replacingOccurrences(of: "{role}", with: role)
                let response = try await client.send(.post, uri, headers: session.form, body: body)
                let expected: HTTPResponse.Status = form.allowed.contains(role) ? form.status : .forbidden
                #expect(response.status == expected,
                        "\(role) should get \(expected.code) from POST \(uri), got \(response.status.code)")
            }
        }
    }

    @Test("Each role's console session sees exactly the pages roles.yaml allows", arguments: TestServer.roles)
    func consoleMatrix(role: String) async throws {
        let test = try await TestServer.make()
        let (id, open, done) = try await Self.personWithRequests(test)
        let incident = try await test.gateway.openIncident(detectedAt: test.clock.now(), summary: "matrix",
                                                           principal: TestServer.officer)
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: test.tokens[role] ?? "")
            for page in Self.consolePages {
                let uri = page.path.replacingOccurrences(of: "{id}", with: id.rawValue)
                    .replacingOccurrences(of: "{ref}", with: open.reference)
                    .replacingOccurrences(of: "{done}", with: done.reference)
                    .replacingOccurrences(of: "{inc}", with: incident.reference)
                let response = try await client.send(.get, uri, headers: [.cookie: session.cookie])
                if page.allowed.contains(role) {
                    // Allowed: the page, or a 404 where the thing does not exist (an access request has no act).
                    #expect(response.status == .ok || (uri.hasSuffix("/act") && response.status == .notFound),
                            "\(role) should see \(uri), got \(response.status.code)")
                } else {
                    #expect(response.status == .forbidden, "\(role) should be refused \(uri), got \(response.status.code)")
                }
            }
        }
    }

    @Test("Without a token every /v1 route is 401, and without a session every console route goes to the login")
    func anonymous() async throws {
        let test = try await TestServer.make()
        let routes = test.routes
        try await test.test { client async throws in
            for route in routes where !Self.publicRoutes.contains(route) && !Self.privacyCenterRoutes.contains(route) {
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                let uri = parts[1].replacingOccurrences(of: "{id}", with: "sub_01KAR0000000000000000000ZZ")
                    .replacingOccurrences(of: "{reference}", with: "REQ-2026-000001")
                    .replacingOccurrences(of: "{purpose}", with: "telephony")
                let response = try await client.send(HTTPRequest.Method(rawValue: parts[0])!, uri,
                                                     headers: [.contentType: "application/json"], body: "{}")
                if uri.hasPrefix("/v1/") {
                    #expect(response.status == .unauthorized && response.errorCode != nil,
                            "\(route) without a token: \(response.status.code)")
                } else {
                    #expect(response.status.code == 303 || response.status.code == 302 || response.status == .forbidden,
                            "\(route) without a session: \(response.status.code)")
                    #expect(response.status != .ok)
                }
            }
        }
    }

    @Test("A person's privacy center routes, with a staff token or console session but no privacy session, go to /privacy")
    func privacySessionRoutesNeedAPersonsSession() async throws {
        let test = try await TestServer.make()
        try await test.test { client async throws in
            let console = try await ConsoleSession.login(client, token: test.tokens["privacy_officer"] ?? "")
            for route in Self.privacySessionRoutes.sorted() {
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                let uri = parts[1].replacingOccurrences(of: "{purpose}", with: "marketing_email")
                for headers: HTTPFields in [[:], test.headers(json: false), [.cookie: console.cookie]] {
                    var sent = headers
                    sent[.contentType] = "application/x-www-form-urlencoded"
                    let response = try await client.send(HTTPRequest.Method(rawValue: parts[0])!, uri, headers: sent,
                                                         body: "kind=access&action=give")
                    #expect(response.status == .seeOther && response.headers[.location] == "/privacy",
                            "\(route): \(response.status.code)")
                }
            }
            let download = try await client.send(.get, "/privacy/download/anything", headers: test.headers(json: false))
            #expect(download.status == .gone)
        }
    }

    @Test("Every route the server registers is in a matrix: API, console pages, console forms or public")
    func everyRouteHasAnEntry() async throws {
        let test = try await TestServer.make()
        defer { test.cleanup() }
        let pages = Set(Self.consolePages.map {
            "GET " + $0.path.replacingOccurrences(of: "{ref}", with: "{reference}")
                .replacingOccurrences(of: "{done}", with: "{reference}")
                .replacingOccurrences(of: "{inc}", with: "{incident}")
        })
        let api = Set(Self.endpoints.map(Self.routePattern))
        let known = api.union(pages).union(Self.consoleForms).union(Self.publicRoutes).union(Self.privacyCenterRoutes)
        let missing = Set(test.routes).subtracting(known)
        #expect(missing.isEmpty, "routes without a matrix entry: \(missing.sorted())")
        #expect(known.subtracting(test.routes).isEmpty, "matrix entries for no route: \(known.subtracting(test.routes))")
    }

    @Test("Every /v1 route of the server is in the matrix")
    func matrixCoversEveryRoute() async throws {
        let test = try await TestServer.make()
        defer { test.cleanup() }
        let inMatrix = Set(Self.endpoints.map(Self.routePattern))
        let api = Set(test.routes.filter { $0.contains(" /v1/") })
        #expect(api.subtracting(inMatrix).isEmpty, "missing from the matrix: \(api.subtracting(inMatrix).sorted())")
    }

    /// The server's route pattern an endpoint of the matrix calls (`POST /v1/requests/{reference}/run`).
    static func routePattern(_ endpoint: Endpoint) -> String {
        let path = endpoint.path.split(separator: "?").first.map(String.init) ?? endpoint.path
        var pattern = path
        for placeholder in ["{ref}", "{done}", "{extend}", "{refuse}"] {
            pattern = pattern.replacingOccurrences(of: placeholder, with: "{reference}")
        }
        pattern = pattern.replacingOccurrences(of: "{inc}", with: "{incident}")
            .replacingOccurrences(of: "/telephony/", with: "/{purpose}/")
        return "\(endpoint.method.rawValue) " + pattern
    }
}
