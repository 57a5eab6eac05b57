import ConnectorKit
import Foundation
import PDGateTesting
import MailchimpConnector
import OneCConnector
import Testing
import UniSenderConnector
import WebhookConnector

@Suite("Connector registry, configuration and secrets")
struct ConnectorRegistryTests {
    static let json = """
    {"connectors": [
      {"name": "mailchimp", "purposes": ["marketing_email"], "concurrency": 10,
       "credentials": {"apiKey": {"env": "TEST_MC_KEY"}}, "settings": {"listID": "a1b2c3d4e5"}},
      {"name": "unisender", "purposes": ["marketing_email", "marketing_sms"],
       "credentials": {"apiKey": {"env": "TEST_US_KEY"}}, "settings": {"listIDs": [134]}},
      {"name": "onec", "enabled": false, "purposes": ["accounting"], "baseURL": "http://1c.local/base/odata/standard.odata",
       "credentials": {"user": {"env": "NOPE"}, "password": {"env": "NOPE"}}}
    ]}
    """

    static let factories: [any ConnectorFactory] = [MailchimpConnectorFactory(), UniSenderConnectorFactory(),
                                                    OneCConnectorFactory(), WebhookConnectorFactory()]

    @Test("Enabled connectors are built with credentials from the environment and listed per purpose")
    func buildsEnabledConnectors() throws {
        let config = try ConnectorsConfig.parse(Data(Self.json.utf8))
        let registry = try ConnectorRegistry(
            config: config, factories: Self.factories, transport: RecordingTransport(),
            environment: ["TEST_MC_KEY": "0123456789abcdef0123456789abcdef-us14", "TEST_US_KEY": "k"])
        #expect(registry.connectors.map(\.name) == ["mailchimp", "unisender"])
        #expect(registry.connectors(forPurpose: "marketing_email").count == 2)
        #expect(registry.connectors(forPurpose: "marketing_sms").map(\.name) == ["unisender"])
        #expect(registry.connector(named: "onec") == nil)
        #expect(registry.concurrency == ["mailchimp": 10])
    }

    @Test("A missing variable, an unknown type and a bad setting are named, never their values")
    func errorsNameTheKey() throws {
        let config = try ConnectorsConfig.parse(Data(Self.json.utf8))
        let missing = try #require(throws: ConnectorError.self) {
            try ConnectorRegistry(config: config, factories: Self.factories, transport: RecordingTransport(),
                                  environment: ["TEST_MC_KEY": "secret-value-us1"])
        }
        #expect(missing.code == .invalidConfiguration)
        #expect(missing.message.contains("TEST_US_KEY"))
        let unknown = try #require(throws: ConnectorError.self) {
            try ConnectorsConfig.parse(Data(#"{"connectors":[{"name":"x y","purposes":["a"]}]}"#.utf8))
        }
        #expect(unknown.message.contains("connectors.0.name"))
        let badSettings = try #require(throws: ConnectorError.self) {
            try ConnectorRegistry(
                config: ConnectorsConfig(connectors: [ConnectorConfig(name: "mailchimp", purposes: ["m"],
                    credentials: ["apiKey": .environment("K")], settings: ["listID": 42])]),
                factories: Self.factories, transport: RecordingTransport(), environment: ["K": "abc-us1"])
        }
        #expect(badSettings.message == "connector mailchimp settings: wrong type at listID")
    }

    @Test("A secret file readable by group or others is refused; a 0600 one is read; secrets print as ***")
    func secretFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("key").path
        try Data("s3cr3t-value\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let refused = try #require(throws: ConnectorError.self) { try SecretSource.file(path).load() }
        #expect(refused.code == .invalidConfiguration)
        #expect(refused.message.contains("644"))
        #expect(!refused.description.contains("s3cr3t"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let secret = try SecretSource.file(path).load()
        #expect(secret.reveal() == "s3cr3t-value")
        #expect("\(secret)" == "***")
        #expect(String(reflecting: secret) == "***")
        #expect(!"\(ConnectorCredentials(connector: "c", secrets: ["apiKey": secret]))".contains("s3cr3t"))
    }

    @Test("Error messages and descriptions never carry the e-mail from an API's detail text")
    func errorsCarryNoPersonalData() {
        let body = #"{"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"Member Exists","#
            + #""status":400,"detail":"ann@example.com is already a list member."}"#
        let response = TransportResponse(status: 400, body: Data(body.utf8))
        let error = ConnectorError.from(response: response, connector: "mailchimp", operation: "upsert",
                                        apiErrorType: "ann@example.com is already a list member")
        #expect(error.code == .permanent)
        #expect(error.apiErrorType == nil)
        #expect(!error.description.contains("@"))
        let request = TransportRequest(method: "PUT", url: URL(string: "https://x.test/members/ann%40example.com?e=1")!)
        #expect(!request.description.contains("e=1"))
    }
}
