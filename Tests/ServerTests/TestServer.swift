import Core
import Foundation
import PDGateTesting
import Gateway
import Hummingbird
import HummingbirdTesting
import Keyring
import Logging
import Policy
import Server
import Synchronization
import Testing

/// A gateway on a fresh data directory, a server around it, and a token per role.
struct TestServer {
    static let officer = Principal(name: "test:officer", role: "privacy_officer")
    static let roles = ["privacy_officer", "manager", "support", "analyst", "accountant", "connector"]

    let gateway: Gateway
    /// The server's application (the router is built once, in the server's `init`).
    let application: Application<RouterResponder<APIRequestContext>>
    /// The server's routes, `METHOD /path`.
    let routes: [String]
    let directory: DataDirectory
    let clock: TestClock
    let logs: CapturedLogs
    /// A live token per role of roles.yaml, named after the role.
    let tokens: [String: String]

    static func make(connectors: [ConnectorRoute] = [],
                     configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> TestServer {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-srv-\(UUID().uuidString)")
        let directory = DataDirectory(root: root)
        let policies = try PolicySet.load(from: Repository.policies)
        let notices = NoticeLibrary(directory: Repository.policies.appendingPathComponent("notices"))
        let logs = CapturedLogs()
        _ = try await Gateway.initialise(directory, policies: policies, notices: notices, principal: officer,
                                         logger: logs.makeLogger())
        let clock = TestClock()
        let gateway = try Gateway(directory: directory, policies: policies, notices: notices, connectors: connectors,
                                  logger: logs.makeLogger(), clock: { clock.now() })
        var tokens: [String: String] = [:]
        for role in roles {
            tokens[role] = try await gateway.createToken(name: role, role: role, validFor: 365 * 86_400,
                                                            principal: officer)
        }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, clock: { clock.now() })
        configure(&configuration)
        let server = try PDGateServer(gateway: gateway, configuration: configuration,
                                      logger: logs.makeLogger(label: "pdgate.server"))
        return TestServer(gateway: gateway, application: server.makeApplication(), routes: server.routes,
                          directory: directory, clock: clock, logs: logs,
                          tokens: tokens)
    }

    /// Runs `body` with a client of the server's router (no sockets), then removes the data directory.
    func test<T>(_ setup: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> T)
        async throws -> T
    {
        defer { cleanup() }
        return try await application.test(setup, body)
    }

    func cleanup() {
        try? FileManager.default.removeItem(at: directory.root)
    }

    /// Records a person directly through the gateway and returns their id.
    func person(name: String = "Тестова Анна Ивановна", email: String = "anna.test@example.com",
                phone: String? = "+7 916 000-00-11", extra: [String: String] = [:]) async throws -> SubjectID {
        var fields = ["full_name": name, "email": email]
        if let phone { fields["phone"] = phone }
        fields.merge(extra) { $1 }
        let created = try await gateway.createSubject(
            fields: fields, consents: [], capture: ConsentCapture(channel: "api", source: "test"),
            principal: Self.officer)
        return try #require(SubjectID(created.subject))
    }

    /// `Authorization: Bearer` for a role's token, JSON content type when a body is sent.
    func headers(_ role: String = "privacy_officer", json: Bool = true) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(tokens[role] ?? "")"]
        if json { fields[.contentType] = "application/json" }
        return fields
    }
}

extension TestClientProtocol {
    /// Sends a request with an optional JSON (or any text) body.
    func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil)
        async throws -> TestResponse
    {
        try await executeRequest(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// `error.code` of a JSON error body.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}
