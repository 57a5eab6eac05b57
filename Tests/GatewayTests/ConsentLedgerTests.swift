import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Policy
import Testing
import Vault

@Suite("Consent ledger")
struct ConsentLedgerTests {
    static let row = "Орлов Пётр;;petr.orlov@example.com;;;;;;;;;;нет;;"

    @Test("Consent over time: given, withdrawn, given again — history kept, state follows the last event")
    func stateOverTime() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.row)
        let gateway = test.gateway
        let officer = TestGateway.officer
        #expect(try await gateway.consentState(id, purpose: "marketing_email").usable == false)

        let given = try await gateway.giveConsent(id, purpose: "marketing_email",
                                                  capture: ConsentCapture(channel: "web_form", source: "landing-1"),
                                                  principal: officer)
        #expect(given.provenance == .captured && given.proven)
        #expect(given.noticeID == "consent-marketing-email" && given.noticeVersion == "2025-09-01")
        #expect(given.noticeHash?.count == 64)
        #expect(try await gateway.consentState(id, purpose: "marketing_email").usable)

        let withdrawn = try await gateway.withdrawConsent(id, purpose: "marketing_email", channel: "email_link",
                                                          principal: Principal(name: "support-1", role: "support"))
        #expect(withdrawn?.action == .withdrawn)
        #expect(try await gateway.consentState(id, purpose: "marketing_email").usable == false)
        // Withdrawing again records nothing: there is nothing active.
        #expect(try await gateway.withdrawConsent(id, purpose: "marketing_email", channel: "api",
                                                  principal: officer) == nil)

        _ = try await gateway.giveConsent(id, purpose: "marketing_email",
                                          capture: ConsentCapture(channel: "privacy_center", source: "self"),
                                          principal: officer)
        let history = try await gateway.consentHistory(id, principal: officer)
        #expect(history.map(\.action) == [.given, .withdrawn, .given])
        #expect(history.map(\.channel) == ["web_form", "email_link", "privacy_center"])
        #expect(try await gateway.consentState(id, purpose: "marketing_email").usable)
    }

    @Test("Unproven legacy consent does not make an e-mail marketing purpose usable")
    func legacyConsentIsNotEnough() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person("Орлова Анна;;anna.orlova@example.com;;;;;;;;;;да;;")
        let state = try await test.gateway.consentState(id, purpose: "marketing_email")
        #expect(state.active && !state.proven && state.provenance == "legacy")
        #expect(state.usable == false)
        // A purpose resting on contract needs no consent.
        #expect(try await test.gateway.consentState(id, purpose: "order_fulfilment").usable)
    }

    @Test("Whether unproven legacy consent is enough is decided per purpose; attested evidence proves it for all",
          arguments: [nil, "signed forms, archive 2023"])
    func legacyVersusProvenPerPurpose(evidence: String?) async throws {
        // A policy where SMS marketing (unlike e-mail marketing) accepts unproven legacy consent.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-pol-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Repository.policies, to: folder)
        let purposesFile = folder.appendingPathComponent("purposes.yaml")
        var purposes = try String(contentsOf: purposesFile, encoding: .utf8)
        let section = try #require(purposes.range(of: "  marketing_sms:"))
        let flag = try #require(purposes.range(of: "legacy_consent_sufficient: false",
                                               range: section.upperBound..<purposes.endIndex))
        purposes.replaceSubrange(flag, with: "legacy_consent_sufficient: true")
        try Data(purposes.utf8).write(to: purposesFile)
        let fieldsFile = folder.appendingPathComponent("fields.yaml")
        try Data((try String(contentsOf: fieldsFile, encoding: .utf8) + "  marketing_sms: [Согласие на SMS]\n").utf8)
            .write(to: fieldsFile)
        let policies = try PolicySet.load(from: folder)
        let directory = DataDirectory(root: folder.appendingPathComponent("data"))
        let gateway = try await Gateway.initialise(directory, policies: policies,
                                                   notices: NoticeLibrary(directory: folder.appendingPathComponent("notices")),
                                                   principal: TestGateway.officer)
        let csv = folder.appendingPathComponent("legacy.csv")
        try Data("ФИО;Email;Телефон;Согласие на рассылку;Согласие на SMS\nЛегаси Ольга;olga@example.com;+79160000001;да;да\n"
            .utf8).write(to: csv)
        let report = try gateway.importCSV(csv, options: ImportOptions(consentEvidence: evidence),
                                           principal: TestGateway.officer)
        #expect(report.consentGiven == 2)
        let id = try #require(try await gateway.findSubjects(.email("olga@example.com"), principal: TestGateway.officer).first)
        let email = try await gateway.consentState(id, purpose: "marketing_email")
        let sms = try await gateway.consentState(id, purpose: "marketing_sms")
        #expect(email.active && sms.active && email.provenance == "legacy" && sms.provenance == "legacy")
        if evidence == nil {
            #expect(!email.proven && !email.usable, "e-mail marketing needs proof")
            #expect(!sms.proven && sms.usable, "SMS marketing takes legacy consent in this policy")
        } else {
            #expect(email.proven && email.usable && sms.proven && sms.usable)
            let events = try await gateway.vault.read { tx in try tx.consentEvents(of: id) }
            #expect(events.allSatisfy { $0.evidence == evidence && $0.importRow == 2 && $0.importRun != nil })
        }
    }

    @Test("Consent is refused for purposes that do not rest on consent, and for unknown purposes")
    func onlyConsentPurposes() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.row)
        for purpose in ["accounting", "no_such_purpose"] {
            let error = await #expect(throws: GatewayError.self) {
                try await test.gateway.giveConsent(id, purpose: purpose,
                                                   capture: ConsentCapture(channel: "api", source: "t"),
                                                   principal: TestGateway.officer)
            }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test("Consent events and their audit entries hold no personal values")
    func noValuesInLedgerOrAudit() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.row)
        _ = try await test.gateway.giveConsent(id, purpose: "marketing_sms",
                                               capture: ConsentCapture(channel: "api", source: "crm"),
                                               principal: TestGateway.officer)
        let history = try await test.gateway.consentHistory(id, principal: TestGateway.officer)
        let trail = try await test.gateway.auditTrail(of: id, principal: TestGateway.officer)
        let text = String(decoding: try JSONEncoder().encode(history), as: UTF8.self)
            + String(decoding: try JSONEncoder().encode(trail), as: UTF8.self)
        #expect(!text.contains("petr.orlov") && !text.contains("Орлов"))
        #expect(trail.contains { $0.action == "consent.give" && $0.purpose == "marketing_sms" })
    }
}
