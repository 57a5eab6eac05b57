import Foundation
import Hummingbird
import HummingbirdTesting
import PDGateTesting
import Testing

@Suite("The OpenAPI document matches the server")
struct OpenAPITests {
    static func document(_ client: any TestClientProtocol) async throws -> [String: Any] {
        let response = try await client.send(.get, "/openapi.json")
        #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("application/json") == true)
        return response.json
    }

    static func documented(_ document: [String: Any]) -> Set<String> {
        let methods = ["get", "post", "put", "patch", "delete", "head"]
        var routes: Set<String> = []
        for (path, item) in document["paths"] as? [String: Any] ?? [:] {
            for method in methods where (item as? [String: Any])?[method] != nil {
                routes.insert("\(method.uppercased()) \(path)")
            }
        }
        return routes
    }

    @Test("Every registered route is documented, and every documented route is registered")
    func routesMatch() async throws {
        let test = try await TestServer.make()
        let registered = Set(test.routes)
        #expect(registered.count == test.routes.count, "a route is registered twice")
        try await test.test { client async throws in
            let documented = Self.documented(try await Self.document(client))
            #expect(registered.subtracting(documented).isEmpty,
                    "registered but not documented: \(registered.subtracting(documented).sorted())")
            #expect(documented.subtracting(registered).isEmpty,
                    "documented but not registered: \(documented.subtracting(registered).sorted())")
            #expect(registered.count > 40)
        }
    }

    @Test("Every documented route resolves in the router (never the router's own 404)")
    func documentedRoutesResolve() async throws {
        let test = try await TestServer.make()
        try await test.test { client async throws in
            let documented = Self.documented(try await Self.document(client))
            let before = try await client.send(.get, "/metrics").text
            #expect(!before.contains("route=\"NotFound\""))
            for route in documented.sorted() {
                let parts = route.split(separator: " ", maxSplits: 1)
                let method = HTTPRequest.Method(rawValue: String(parts[0]))!
                let uri = String(parts[1])
                    .replacingOccurrences(of: "{id}", with: "sub_01AAAAAAAAAAAAAAAAAAAAAAAA")
                    .replacingOccurrences(of: "{reference}", with: "REQ-2026-000001")
                    .replacingOccurrences(of: "{purpose}", with: "marketing_email")
                _ = try await client.send(method, uri)
            }
            let after = try await client.send(.get, "/metrics").text
            #expect(!after.contains("route=\"NotFound\""), "a documented route fell through to the router's 404")
        }
    }

    @Test("TRACE and methods a path does not have answer 405 with Allow (JSON on /v1); unknown paths stay 404")
    func unknownMethodsAre405() async throws {
        let test = try await TestServer.make()
        try await test.test { client async throws in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.trace, "/v1/subjects", "GET, POST"),
                (.put, "/v1/subjects/sub_01AAAAAAAAAAAAAAAAAAAAAAAA", "GET, PATCH"),
                (.get, "/v1/subjects/search", "POST"),
                (.delete, "/v1/requests/REQ-2026-000001", "GET"),
                (HTTPRequest.Method("QUERY")!, "/v1/purge/run", "POST"),
                (.trace, "/console/login", "GET, POST"),
                (.options, "/privacy/api/signup", "GET, POST"),
                (.trace, "/healthz", "GET"),
            ]
            for (method, path, allow) in cases {
                for headers: HTTPFields in [[:], test.headers()] {
                    let response = try await client.send(method, path, headers: headers)
                    #expect(response.status == .methodNotAllowed, "\(method) \(path): \(response.status)")
                    #expect(response.headers[.allow] == allow, "\(method) \(path)")
                    let error = response.json["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "method_not_allowed", "\(method) \(path)")
                }
            }
            #expect(try await client.send(.trace, "/v1/no-such-thing").status == .notFound)
            #expect(try await client.send(.get, "/v1/subjects/a/b/c").status == .notFound)
            let allowed = try await client.send(.get, "/v1/subjects/search", headers: test.headers())
            #expect(allowed.status == .methodNotAllowed)
            #expect(try await client.send(.post, "/v1/subjects/search", headers: test.headers(),
                                          body: #"{"email":"nobody@example.com"}"#).status == .ok)
        }
    }

    @Test("Each operation has a unique operationId and every error status uses the shared error schema")
    func documentIsConsistent() async throws {
        let test = try await TestServer.make()
        try await test.test { client async throws in
            let document = try await Self.document(client)
            var ids: [String] = []
            for (_, item) in document["paths"] as? [String: [String: Any]] ?? [:] {
                for (_, operation) in item {
                    let operation = operation as? [String: Any] ?? [:]
                    ids.append(operation["operationId"] as? String ?? "")
                    #expect(operation["responses"] != nil)
                }
            }
            #expect(Set(ids).count == ids.count && !ids.contains(""))
            #expect(document["openapi"] as? String == "3.0.3")
        }
    }

    @Test("The document passes openapi-spec-validator")
    func validatesWithOpenAPISpecValidator() async throws {
        guard await Self.validatorAvailable() else {
            throw MissingTool("python3 -m openapi_spec_validator (pip install openapi-spec-validator, or make test-deps)")
        }
        let test = try await TestServer.make()
        let body = try await test.test { client in try await client.send(.get, "/openapi.json").text }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-openapi-\(UUID()).json")
        try Data(body.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try await Self.run(["python3", "-m", "openapi_spec_validator", file.path])
        #expect(status == 0, "openapi-spec-validator: \(output)")
    }

    static func validatorAvailable() async -> Bool {
        (try? await run(["python3", "-c", "import openapi_spec_validator"]).0) == 0
    }

    static func run(_ arguments: [String]) async throws -> (Int32, String) {
        let output = try await ChildProcess.run("/usr/bin/env", arguments, combineErrorWithOutput: true)
        return (output.status, output.stdout)
    }
}
