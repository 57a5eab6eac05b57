import Core
import ConnectorKit
import Foundation
import Gateway
import Import
import HummingbirdTesting
import Keyring
import Logging
import MailchimpConnector
import Server
import UniSenderConnector
import Testing

/// A gateway with mailing connectors and pdgate's server running live, for emulators to post their webhooks to.
struct InboundHarness {
    static let officer = GatewaySyncTests.officer
    static let mailchimpSecret = "mc-s3cr3t-0123456789abcdefgh"
    static let unisenderSecret = "us-s3cr3t-0123456789abcdefgh"
    static let unisenderKey = "unisender-test-key"

    let gateway: Gateway

    /// A fresh gateway whose connectors serve marketing e-mail and run double opt-in.
    static func make(_ connectors: [String]) async throws -> InboundHarness {
        let base = try await GatewaySyncTests.makeGateway()
        let routes = connectors.map { ConnectorRoute(name: $0, purposes: ["marketing_email"], confirmsSubscriptions: true) }
        return InboundHarness(gateway: try Gateway(directory: base.directory, policies: base.policies,
                                                   notices: base.notices, connectors: routes))
    }

    func cleanup() {
        try? FileManager.default.removeItem(at: gateway.directory.root)
    }

    /// Imports `Name;email;consent answer` rows (an imported "да" is legacy, unproven consent).
    func importPeople(_ rows: [String]) throws {
        let csv = gateway.directory.root.appendingPathComponent("people-\(UUID().uuidString).csv")
        try Data((["ФИО;Email;Согласие на рассылку"] + rows).joined(separator: "\n").appending("\n").utf8).write(to: csv)
        _ = try gateway.importCSV(csv, principal: Self.officer)
    }

    func subject(_ email: String) async throws -> SubjectID {
        try #require(try await gateway.findSubjects(.email(email), principal: Self.officer).first)
    }

    func consent(_ email: String) async throws -> ConsentState {
        try await gateway.consentState(try await subject(email), purpose: "marketing_email")
    }

    /// Runs `body` with the server listening on a loopback port; its argument is the server's base URL.
    func withServer<T>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.inbound = [
            InboundEndpoint(connector: "mailchimp", secret: Self.mailchimpSecret,
                            reader: MailchimpWebhookReader(listID: GatewaySyncTests.list)),
            InboundEndpoint(connector: "unisender", secret: Self.unisenderSecret,
                            reader: UniSenderWebhookReader(apiKey: Secret(Self.unisenderKey))),
        ]
        var logger = Logger(label: "pdgate.test")
        logger.logLevel = .error
        let server = try PDGateServer(gateway: gateway, configuration: configuration, logger: logger)
        return try await server.makeApplication().test(.live) { client in
            try await body("http://127.0.0.1:\(try #require(client.port))")
        }
    }
}
