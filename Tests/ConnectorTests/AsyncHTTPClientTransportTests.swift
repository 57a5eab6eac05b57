import AsyncHTTPTransport
import ConnectorKit
import Foundation
import MailchimpConnector
import OneCConnector
import Testing

/// The live transports, run through the same checks so that they behave alike.
enum TransportKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case ahc
    case urlsession

    var testDescription: String { rawValue }

    /// Runs `body` with a new transport of this kind, shut down afterwards.
    func with<T>(
        timeout: Duration = .seconds(5),
        maxConnectionsPerHost: Int = 8,
        _ body: (any HTTPTransport) async throws -> T
    ) async throws -> T {
        switch self {
        case .ahc:
            try await AsyncHTTPClientTransport.withTransport(timeout: timeout,
                                                             maxConnectionsPerHost: maxConnectionsPerHost) {
                try await body($0)
            }
        case .urlsession:
            try await body(URLSessionTransport(timeout: timeout, maxConnectionsPerHost: maxConnectionsPerHost))
        }
    }
}

@Suite("HTTP transports against the emulators: same outcomes for faults", .timeLimit(.minutes(1)))
struct AsyncHTTPClientTransportTests {
    static let list = "a1b2c3d4e5"
    static let person = ConnectorPerson(subject: "sub_t1", fields: ["email": "transport1@example.com",
                                                                    "full_name": "Test Person"],
                                        purpose: "marketing_email")

    static func connector(_ emulator: Emulator, _ transport: any HTTPTransport) throws -> MailchimpConnector {
        try MailchimpConnector(apiKey: Secret("0123456789abcdef0123456789abcdef-us14"),
                               settings: MailchimpSettings(listID: list, allAudiences: false),
                               transport: transport, baseURL: emulator.url("/3.0"))
    }

    static func members(_ emulator: Emulator) async throws -> [String: JSONValue] {
        try await emulator.state()["lists"]?[list]?["members"]?.objectValue ?? [:]
    }

    @Test("Upsert and read round-trip; sequential requests reuse one keep-alive connection",
          arguments: TransportKind.allCases)
    func roundTripKeepsAlive(kind: TransportKind) async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            // The emulator counts accepted connections, the control client's own among them.
            let before = try #require(try await emulator.stats()["connections"]?.intValue)
            try await kind.with { transport in
                let connector = try Self.connector(emulator, transport)
                for _ in 0..<20 { _ = try await connector.upsert(Self.person) }
                let holding = try #require(try await connector.read(Self.person.ref))
                #expect(holding.fields.values.contains("transport1@example.com"))
            }
            #expect(try await emulator.stats()["connections"]?.intValue == before + 1)
            #expect(try await Self.members(emulator).count == 1)
        }
    }

    @Test("A 5xx is returned as a response, and the connector calls it transient", arguments: TransportKind.allCases)
    func serverErrorIsTransient(kind: TransportKind) async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            try await emulator.setFaults(["p503": 1])
            try await kind.with { transport in
                let error = try await #require(throws: ConnectorError.self) {
                    try await Self.connector(emulator, transport).upsert(Self.person)
                }
                #expect(error.code == .transient && error.status == 503)
            }
        }
    }

    @Test("A 429 keeps its Retry-After", arguments: TransportKind.allCases)
    func rateLimitKeepsRetryAfter(kind: TransportKind) async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            try await emulator.setFaults(["p429": 1, "retry_after": 7])
            try await kind.with { transport in
                let error = try await #require(throws: ConnectorError.self) {
                    try await Self.connector(emulator, transport).upsert(Self.person)
                }
                #expect(error.code == .rateLimited && error.status == 429)
                #expect(error.retryAfter == .seconds(7))
            }
        }
    }

    @Test("A dropped connection, before or after the change was applied, is transient",
          arguments: TransportKind.allCases, ["p_drop", "p_drop_after"])
    func droppedConnectionIsTransient(kind: TransportKind, fault: String) async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            try await emulator.setFaults([fault: 1])
            try await kind.with { transport in
                let error = try await #require(throws: ConnectorError.self) {
                    try await Self.connector(emulator, transport).upsert(Self.person)
                }
                #expect(error.code == .transient && error.status == nil)
                #expect(!error.message.contains("transport1"), "no personal data in \(error.message)")
            }
            #expect(try await Self.members(emulator).count == (fault == "p_drop" ? 0 : 1))
        }
    }

    @Test("No response within the timeout is transient, and the next request still succeeds",
          arguments: TransportKind.allCases)
    func timeoutIsTransient(kind: TransportKind) async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            try await emulator.setFaults(["p_slow": 1, "slow_seconds": 6])
            try await kind.with(timeout: .seconds(2)) { transport in
                let connector = try Self.connector(emulator, transport)
                let error = try await #require(throws: ConnectorError.self) { try await connector.upsert(Self.person) }
                #expect(error.code == .transient && error.status == nil)
                try await emulator.setFaults([:])
                _ = try await connector.upsert(Self.person)
            }
        }
    }

    @Test("A refused connection is transient", arguments: TransportKind.allCases)
    func refusedIsTransient(kind: TransportKind) async throws {
        let port = try await Emulator.with("mailchimp.py") { $0.port }   // stopped: nothing listens there now
        try await kind.with { transport in
            let error = try await #require(throws: ConnectorError.self) {
                try await transport.send(.json("GET", URL(string: "http://127.0.0.1:\(port)/3.0/ping")!))
            }
            #expect(error.code == .transient)
        }
    }

    @Test("A 401 with WWW-Authenticate reaches the connector as unauthorized", arguments: TransportKind.allCases)
    func challengeIsUnauthorized(kind: TransportKind) async throws {
        try await Emulator.with("onec.py") { emulator in
            try await kind.with { transport in
                let connector = OneCConnector(baseURL: emulator.url("/base/odata/standard.odata"), user: "Администратор",
                                              password: Secret("wrong"), transport: transport)
                let error = try await #require(throws: ConnectorError.self) {
                    try await connector.upsert(ConnectorPerson(subject: "sub_x", fields: ["full_name": "X Y"],
                                                               purpose: "accounting"))
                }
                #expect(error.code == .unauthorized && error.status == 401)
            }
        }
    }

    @Test("Concurrent requests open at most maxConnectionsPerHost connections")
    func connectionLimitHolds() async throws {
        try await Emulator.with("mailchimp.py", ["--latency-ms", "20"]) { emulator in
            let before = try #require(try await emulator.stats()["connections"]?.intValue)
            try await TransportKind.ahc.with(maxConnectionsPerHost: 3) { transport in
                let connector = try Self.connector(emulator, transport)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<30 {
                        group.addTask {
                            _ = try await connector.upsert(ConnectorPerson(
                                subject: "sub_\(index)", fields: ["email": "limit\(index)@example.com"],
                                purpose: "marketing_email"))
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let connections = try #require(try await emulator.stats()["connections"]?.intValue) - before
            #expect(connections >= 1 && connections <= 3)
            #expect(try await Self.members(emulator).count == 30)
        }
    }

    @Test("A cancelled send throws CancellationError")
    func cancellation() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            try await emulator.setFaults(["p_slow": 1, "slow_seconds": 5])
            try await TransportKind.ahc.with(timeout: .seconds(10)) { transport in
                let connector = try Self.connector(emulator, transport)
                let task = Task { try await connector.upsert(Self.person) }
                try await Task.sleep(for: .milliseconds(200))
                task.cancel()
                await #expect(throws: CancellationError.self) { try await task.value }
            }
        }
    }

    @Test("After shutdown a send is transient, and a second shutdown does nothing")
    func shutdown() async throws {
        let transport = AsyncHTTPClientTransport(timeout: .seconds(1), maxConnectionsPerHost: 1)
        try await transport.shutdown()
        try await transport.shutdown()
        let error = try await #require(throws: ConnectorError.self) {
            try await transport.send(.json("GET", URL(string: "http://127.0.0.1:9/ping?email=a%40example.com")!))
        }
        #expect(error.code == .transient)
        #expect(!error.message.contains("example") && !error.message.contains("ping"))
    }

    @Test("A URL scheme the client cannot use is a configuration error")
    func unsupportedScheme() async throws {
        try await TransportKind.ahc.with { transport in
            let error = try await #require(throws: ConnectorError.self) {
                try await transport.send(.json("GET", URL(string: "ftp://127.0.0.1/file")!))
            }
            #expect(error.code == .invalidConfiguration)
        }
    }
}
