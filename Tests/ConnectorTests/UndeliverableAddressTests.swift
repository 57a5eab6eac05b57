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

    @Test("The quality report counts addresses the services reported bounced or invalid, until they are corrected")
    func qualityReportCountsBounces() async throws {
        let gateway = try await GatewayConnectorTruthTests.gateway([
            ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"]),
            ConnectorRoute(name: "unisender", purposes: ["marketing_email"]),
        ])
        defer { try? FileManager.default.removeItem(at: gateway.directory.root) }
        let officer = GatewayConnectorTruthTests.officer
        let ann = try await GatewayConnectorTruthTests.create(
            gateway, ["full_name": "Ли Анна", "email": "ann.lee@example.com"], consents: ["marketing_email"])
        let bob = try await GatewayConnectorTruthTests.create(
            gateway, ["full_name": "Орлов Борис", "email": "bob@example.com"], consents: ["marketing_email"])
        _ = try await GatewayConnectorTruthTests.create(
            gateway, ["full_name": "Смирнова Вера", "email": "vera@example.com"], consents: ["marketing_email"])
        // Mailchimp's `cleaned` webhook (hard) and UniSender's `email_status` hook (hard_bounced), as their readers
        // turn them into events; a soft bounce is not an undeliverable address.
        _ = try await gateway.applyInbound([InboundEvent(kind: .bounce, email: "ann.lee@example.com", at: Date(),
                                                         reason: "hard")], connector: "mailchimp", principal: officer)
        _ = try await gateway.applyInbound([InboundEvent(kind: .bounce, email: "bob@example.com", at: Date(),
                                                         reason: "hard_bounced")], connector: "unisender",
                                           principal: officer)
        let report = try await gateway.qualityReport(principal: officer)
        #expect(report.undeliverableAddresses == 2)
        #expect(report.undeliverableByReason == ["hard": 1, "hard_bounced": 1])
        let listed = report.contactProblems.filter { $0.reason == "undeliverable_email" }
        #expect(Set(listed.map(\.subject)) == [ann.rawValue, bob.rawValue])
        #expect(Set(listed.compactMap(\.connector)) == ["mailchimp", "unisender"])
        #expect(try await gateway.personResolver.person(for: bob.rawValue, purpose: "marketing_email",
                                                        connector: "mailchimp") == nil, "no service is sent it")

        _ = try await gateway.updateSubject(ann, fields: ["email": "ann.new@example.com"], principal: officer)
        #expect(try await gateway.qualityReport(principal: officer).undeliverableAddresses == 1)
    }
}
