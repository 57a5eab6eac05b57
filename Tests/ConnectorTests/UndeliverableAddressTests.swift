import ConnectorKit
import Core
import Foundation
import Gateway
import Testing

/// An address a service reported undeliverable is not sent to any service again until it changes.
@Suite("Undeliverable addresses are not sent again")
struct UndeliverableAddressTests {
    @Test("After a hard bounce the person is withheld from an e-mail purpose; a new address is sent again")
    func bouncedAddressIsWithheld() async throws {
        let gateway = try await GatewayConnectorTruthTests.gateway([
            ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"]),
        ])
        defer { try? FileManager.default.removeItem(at: gateway.directory.root) }
        let ann = try await GatewayConnectorTruthTests.create(
            gateway, ["full_name": "Ли Анна", "email": "ann.lee@example.com"], consents: ["marketing_email"])
        let before = try await gateway.personResolver.person(for: ann.rawValue, purpose: "marketing_email",
                                                             connector: "mailchimp")
        #expect(before?.fields["email"] == "ann.lee@example.com")

        let bounce = InboundEvent(kind: .bounce, email: "ann.lee@example.com", at: Date(), reason: "hard")
        let report = try await gateway.applyInbound([bounce], connector: "mailchimp",
                                                    principal: GatewayConnectorTruthTests.officer)
        #expect(report.markedInvalid == 1)
        let after = try await gateway.personResolver.person(for: ann.rawValue, purpose: "marketing_email",
                                                            connector: "mailchimp")
        #expect(after == nil, "a hard-bounced address is not sent again")

        _ = try await gateway.updateSubject(ann, fields: ["email": "ann.new@example.com"],
                                            principal: GatewayConnectorTruthTests.officer)
        let renewed = try await gateway.personResolver.person(for: ann.rawValue, purpose: "marketing_email",
                                                              connector: "mailchimp")
        #expect(renewed?.fields["email"] == "ann.new@example.com", "a new address clears the bounce")
    }
}
