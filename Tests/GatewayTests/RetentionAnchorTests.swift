import Core
import Foundation
import PDGateTesting
import Gateway
import Keyring
import Policy
import Testing
import Vault

/// Retention as retention.yaml says: each rule counted from its own anchor, and unproven spreadsheet consent keeping
/// a lead only for `legacy_consent_life`.
@Suite("Retention: anchors from the policy, unproven legacy consent expires", .serialized)
struct RetentionAnchorTests {
    static let lead = "Легаси Лид;;legacy.lead@example.com;сайт;10.01.2024;;;лид;;;;;да;;"
    static let quiet = "Тихий Лид;;quiet.lead@example.com;сайт;10.01.2024;;;лид;;;;;нет;;"

    static func due(_ gateway: Gateway, _ id: SubjectID, at date: Date) async throws -> String? {
        let report = try await gateway.purge(dryRun: true, asOf: date, principal: TestGateway.officer)
        return report.items.first { $0.subject == id.rawValue }?.rule
    }

    @Test("A lead whose only consent is the spreadsheet's unproven one is purged once that consent's life has passed")
    func unprovenLegacyConsentExpires() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.lead)
        let state = try await test.gateway.consentState(id, purpose: "marketing_email")
        #expect(state.active && !state.proven, "the fixture's consent is legacy and unproven")
        // Within six months of the import the consent still keeps the lead.
        #expect(try await Self.due(test.gateway, id, at: Date().addingTimeInterval(90 * 86_400)) == nil)
        // Twenty years on it no longer does: the lead's own rule has ended long ago.
        let later = Date().addingTimeInterval(20 * 365 * 86_400)
        #expect(try await Self.due(test.gateway, id, at: later) == "lead_no_purchase")
    }

    @Test("A proven consent keeps the lead while it lasts")
    func provenConsentKeeps() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.quiet)
        _ = try await test.gateway.giveConsent(id, purpose: "marketing_email",
                                               capture: ConsentCapture(channel: "web_form", source: "form:test"),
                                               principal: TestGateway.officer)
        #expect(try await Self.due(test.gateway, id, at: Date().addingTimeInterval(20 * 365 * 86_400)) == nil)
    }

    @Test("30 days after a customer withdraws mailing consent, the purge destroys the data only mailings held")
    func withdrawnPurposeDataGoes() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person("Покупатель Пётр;+7 916 500-00-01;petr.buyer@example.com;магазин;10.01.2026;"
            + "15.03.2026;2500;покупатель;01.02.1980;;;vip;нет;;")
        _ = try await test.gateway.giveConsent(id, purpose: "marketing_email",
                                               capture: ConsentCapture(channel: "web_form", source: "form:test"),
                                               principal: TestGateway.officer)
        _ = try await test.gateway.withdrawConsent(id, purpose: "marketing_email", channel: "email_link",
                                                   principal: TestGateway.officer)
        let fields = { (gateway: Gateway) async throws -> Set<String> in
            try await gateway.vault.read { tx in Set(try tx.subject(id)?.record.fields.map(\.name) ?? []) }
        }
        let early = try await test.at(Date().addingTimeInterval(20 * 86_400)).purge(dryRun: false,
                                                                                  principal: TestGateway.officer)
        let stillThere = try await fields(test.gateway).contains("birthday")
        #expect(early.purposeDataErased == 0 && stillThere)
        let later = try test.at(Date().addingTimeInterval(31 * 86_400))
        let report = try await later.purge(dryRun: false, principal: TestGateway.officer)
        #expect(report.purposeDataErased == 1)
        let left = try await fields(later)
        #expect(!left.contains("birthday"), "the birthday only mailings used outlived the withdrawal")
        #expect(left.isSuperset(of: ["full_name", "email", "phone", "tags", "last_purchase_date"]))
        #expect(try await later.vault.read { tx in try tx.subject(id)?.status } == .active)
        #expect(try await later.findSubjects(.email("petr.buyer@example.com"), principal: TestGateway.officer) == [id])
    }

    @Test("The purge counts the lead rule from the anchor retention.yaml names")
    func anchorIsRead() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.quiet)
        let later = Date().addingTimeInterval(3 * 365 * 86_400)
        #expect(try await Self.due(test.gateway, id, at: later) == "lead_no_purchase")
        // The same rule counted from a consent withdrawal that never happened never ends.
        let policies = try Repository.policies(editing: "retention.yaml", replacing: """
                duration: 1y
                anchor: last_contact
            """, with: """
                duration: 1y
                anchor: consent_withdrawn
            """)
        let other = try Gateway(directory: test.directory, policies: policies, notices: test.gateway.notices,
                                logger: test.logs.makeLogger())
        #expect(try await Self.due(other, id, at: later) == nil)
    }
}
