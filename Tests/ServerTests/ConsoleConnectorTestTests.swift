import Audit
import ConnectorKit
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

/// The console's connector test button: one harmless call to the running connector, ok or the service's error
/// title on the page, audited without personal data; only a role with `admin`.
@Suite("Console: connector test button")
struct ConsoleConnectorTestTests {
    /// A connector whose check succeeds or fails as Mailchimp does with a wrong key.
    struct CheckedConnector: ConnectionChecking {
        let name: String
        let refuses: Bool
        func checkConnection() async throws {
            if refuses {
                throw ConnectorError(.unauthorized, "\(name) ping failed: credentials refused", status: 401,
                                     apiErrorType: "API Key Invalid")
            }
        }
        func upsert(_ person: ConnectorPerson) async throws -> String? { nil }
        func suppress(_ ref: PersonRef, reason: SuppressionReason) async throws {}
        func erase(_ ref: PersonRef) async throws -> ErasureOutcome { .erased }
        func read(_ ref: PersonRef) async throws -> ConnectorHolding? { nil }
    }

    @Test("The officer's test shows ok or the service's error title; both are audited without personal data")
    func testButton() async throws {
        let test = try await TestServer.make()
        test.gateway.useConnectorsForChecks([CheckedConnector(name: "mailchimp", refuses: false),
                                             CheckedConnector(name: "unisender", refuses: true)])
        let started = Int64(test.clock.now().timeIntervalSince1970)
        try await test.test { client async throws in
            let officer = try await ConsoleSession.login(client, token: test.tokens["privacy_officer"] ?? "")
            let ok = try await client.send(.post, "/console/connectors/mailchimp/test", headers: officer.form,
                                           body: "csrf=\(officer.csrf)")
            #expect(ok.status == .ok && ok.text.contains("mailchimp: the service answered"))
            let refused = try await client.send(.post, "/console/connectors/unisender/test", headers: officer.form,
                                                body: "csrf=\(officer.csrf)")
            #expect(refused.status == .ok && refused.text.contains("API Key Invalid"))
            let unknown = try await client.send(.post, "/console/connectors/nothing/test", headers: officer.form,
                                                body: "csrf=\(officer.csrf)")
            #expect(unknown.status == .ok && unknown.text.contains("no running connector"))
            let noCSRF = try await client.send(.post, "/console/connectors/mailchimp/test", headers: officer.form,
                                               body: "")
            #expect(noCSRF.status == .forbidden)
            let support = try await ConsoleSession.login(client, token: test.tokens["support"] ?? "")
            let denied = try await client.send(.post, "/console/connectors/mailchimp/test", headers: support.form,
                                               body: "csrf=\(support.csrf)")
            #expect(denied.status == .forbidden)
        }
        let audit = test.gateway.audit
        let entries = try await test.gateway.vault.read { tx in
            try audit.entries(from: started, to: Int64.max, in: tx)
        }.filter { $0.action == "connectors.test" && $0.outcome != .refused }
        #expect(entries.map { $0.detail ?? "" } == [
            "mailchimp ok", "unisender failed:unauthorized title=API Key Invalid", "(unknown connector) unavailable",
        ])
        #expect(entries.filter { $0.outcome == .ok }.count == 1)
    }
}
