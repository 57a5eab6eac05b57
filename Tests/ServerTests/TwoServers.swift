import Core
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Logging
import Mailer
import PDGateTesting
import Policy
import Server
import Storage
import Synchronization
import Testing
@_spi(Testing) import Vault

/// Two gateway instances, each with a server of its own, on ONE database: an SQLite vault (and key store) opened
/// twice in this process, or one PostgreSQL database of the test cluster. What one instance keeps for the web front
/// ends (codes, sessions, links, failure counters) the other must see.
struct TwoServers {
    /// The database both instances share.
    enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case sqlite
        case postgres

        var testDescription: String { rawValue }
    }

    static let base = "https://privacy.example.com"
    static let officer = TestServer.officer

    let backend: Backend
    let directory: DataDirectory
    let clock: TestClock
    let mailer: CapturingMailer
    let configure: @Sendable (inout ServerConfiguration) -> Void
    /// A privacy officer's API token, made on instance A.
    let token: String
    let gateways: [Gateway]
    let applications: [Application<RouterResponder<APIRequestContext>>]

    static func make(_ backend: Backend, configure: @escaping @Sendable (inout ServerConfiguration) -> Void = { _ in })
        async throws -> TwoServers
    {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-two-\(UUID().uuidString)")
        var directory = DataDirectory(root: root)
        if backend == .postgres {
            guard let cluster = PostgresCluster.shared() else {
                throw MissingTool("a PostgreSQL server (apt-get install postgresql): "
                    + (PostgresCluster.unavailableReason ?? "unknown reason"))
            }
            directory = DataDirectory(root: root,
                                      database: try DatabaseLocation(parsing: cluster.makeDatabase(prefix: "web")),
                                      keyDatabase: try DatabaseLocation(parsing: cluster.makeDatabase(prefix: "webkeys")))
        }
        let policies = try PolicySet.load(from: Repository.policies)
        _ = try await Gateway.initialise(directory, policies: policies, principal: officer)
        let clock = TestClock()
        let mailer = CapturingMailer()
        var gateways: [Gateway] = []
        var applications: [Application<RouterResponder<APIRequestContext>>] = []
        for _ in 0..<2 {
            let (gateway, application) = try makeInstance(directory, clock: clock, mailer: mailer, configure: configure)
            gateways.append(gateway)
            applications.append(application)
        }
        let token = try await gateways[0].createToken(name: "officer", role: "privacy_officer", validFor: 86_400,
                                                      principal: officer)
        return TwoServers(backend: backend, directory: directory, clock: clock, mailer: mailer, configure: configure,
                          token: token, gateways: gateways, applications: applications)
    }

    /// Another gateway and server on the shared database: a third instance, or one after a restart.
    func makeInstance() throws -> (Gateway, Application<RouterResponder<APIRequestContext>>) {
        try Self.makeInstance(directory, clock: clock, mailer: mailer, configure: configure)
    }

    static func makeInstance(_ directory: DataDirectory, clock: TestClock, mailer: CapturingMailer,
                             configure: (inout ServerConfiguration) -> Void) throws
        -> (Gateway, Application<RouterResponder<APIRequestContext>>)
    {
        let policies = try PolicySet.load(from: Repository.policies)
        let notices = NoticeLibrary(directory: Repository.policies.appendingPathComponent("notices"))
        let gateway = try Gateway(directory: directory, policies: policies, notices: notices,
                                  logger: Logger(label: "pdgate.test"), clock: { clock.now() })
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, trustForwardedFor: true,
                                                clock: { clock.now() })
        configuration.privacyCenter = PrivacyCenterConfiguration(mailer: mailer, publicBaseURL: base)
        configure(&configuration)
        let server = try PDGateServer(gateway: gateway, configuration: configuration)
        return (gateway, server.makeApplication())
    }

    /// Runs `body` with a client of each instance's router, then removes the data directory.
    func run(_ body: @Sendable (any TestClientProtocol, any TestClientProtocol) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(at: directory.root) }
        try await applications[0].test(.router) { a in
            try await applications[1].test(.router) { b in try await body(a, b) }
        }
    }

    /// Records a person through instance A.
    func person(email: String = "anna.test@example.com") async throws -> SubjectID {
        let created = try await gateways[0].createSubject(
            fields: ["full_name": "Тестова Анна Ивановна", "email": email, "phone": "+7 916 000-00-11"],
            consents: [], capture: ConsentCapture(channel: "api", source: "test"), principal: Self.officer)
        return try #require(SubjectID(created.subject))
    }

    /// Every value of the web front ends' tables, as text and raw bytes, read straight from the database.
    func rawWebState() async throws -> [SQLValue] {
        try await gateways[0].vault.read { tx in
            var values: [SQLValue] = []
            for table in ["web_challenge", "web_session", "web_link", "web_failure"] {
                for row in try tx.executor.fetchAll("SELECT * FROM \(table)", []) { values += row.values }
            }
            return values
        }
    }

    /// The number of rows of a web front end table.
    func count(_ table: String) async throws -> Int {
        try await gateways[0].vault.read { tx in
            try tx.executor.fetchValue("SELECT COUNT(*) FROM \(table)", as: Int.self) ?? 0
        }
    }
}

/// A mailer that keeps every message, for the codes the privacy center sends.
final class CapturingMailer: Mailer {
    private let sent = Mutex<[MailMessage]>([])

    func send(_ message: MailMessage) async throws {
        sent.withLock { $0.append(message) }
    }

    /// The messages once there are at least `count` (or what there is after 10 seconds).
    func messages(atLeast count: Int) async throws -> [MailMessage] {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let messages = sent.withLock { $0 }
            if messages.count >= count { return messages }
            try await Task.sleep(for: .milliseconds(20))
        }
        return sent.withLock { $0 }
    }

    /// The 6-digit code of the `index`th message.
    func code(_ index: Int) async throws -> String {
        let messages = try await messages(atLeast: index + 1)
        try #require(messages.count > index, "no e-mail number \(index + 1) arrived")
        let text = messages[index].text
        return try #require(text.split(whereSeparator: { !$0.isNumber }).first { $0.count == 6 }.map(String.init))
    }
}

extension PrivacyVisitor {
    /// The same browser (its cookies) talking to another instance.
    func switching(to client: any TestClientProtocol) -> PrivacyVisitor {
        var other = PrivacyVisitor(client, clientAddress: clientAddress)
        other.cookies = cookies
        return other
    }
}
