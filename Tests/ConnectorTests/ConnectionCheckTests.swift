import ConnectorKit
import Foundation
import MailchimpConnector
import PDGateTesting
import Testing
import UniSenderConnector

/// The console's connector test: one harmless authenticated call (Mailchimp `GET /3.0/ping`, UniSender
/// `getLists`); a refused key comes back with the service's error title.
@Suite("Connection checks against the emulators", .timeLimit(.minutes(1)))
struct ConnectionCheckTests {
    @Test("Mailchimp: ping answers with the right key; a wrong key fails with the service's title")
    func mailchimpPing() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            try await MailchimpConnectorTests.connector(emulator).checkConnection()
            let wrong = try MailchimpConnectorTests.connector(emulator, key: "ffffffffffffffffffffffffffffffff-us14")
            let error = try await #require(throws: ConnectorError.self) { try await wrong.checkConnection() }
            #expect(error.code == .unauthorized && error.apiErrorType == "API Key Invalid")
        }
    }

    @Test("UniSender: getLists answers with the right key; a wrong key fails with the service's code")
    func uniSenderGetLists() async throws {
        try await Emulator.with("unisender.py") { emulator in
            try await UniSenderConnectorTests.connector(emulator).checkConnection()
            let error = try await #require(throws: ConnectorError.self) {
                try await UniSenderConnectorTests.connector(emulator, key: "wrong").checkConnection()
            }
            #expect(error.code == .unauthorized && error.apiErrorType == "invalid_api_key")
        }
    }
}
