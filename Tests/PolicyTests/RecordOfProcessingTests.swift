import Foundation
import Policy
import Testing

@Suite("Record of processing activities")
struct RecordOfProcessingTests {
    private let policy: PolicySet

    init() throws {
        policy = try PolicyFixtures.shipped.get()
    }

    @Test("Has one activity per purpose, in order")
    func everyPurposeIsRecorded() {
        let record = policy.ropa()
        #expect(record.activities.map(\.purpose) == policy.purposes.map(\.name))
        #expect(record.controller.name == "ООО «Кофейный дом»")   // from the shipped operator.yaml
        #expect(record.controller.registration == "ИНН 7701234560, ОГРН 1027700123450")
        #expect(!record.securityMeasures.isEmpty)
    }

    @Test("Names cross-border transfers and legal holds")
    func transfersAndHolds() throws {
        let record = policy.ropa()
        let email = try #require(record.activities.first { $0.purpose == "marketing_email" })
        #expect(email.transfers.map(\.country) == ["US"])
        #expect(email.onWithdrawal?.rule == "consent_withdrawn")
        #expect(email.legacyConsentSufficient == false)
        #expect(email.dataCategories.map(\.category) == [.identity, .contact, .profile])
        let accounting = try #require(record.activities.first { $0.purpose == "accounting" })
        #expect(accounting.retention.first?.legalHold != nil)
        #expect(accounting.legacyConsentSufficient == nil)
        #expect(accounting.transfers.isEmpty)
    }

    @Test("Renders as Markdown in both languages with every purpose", arguments: Language.allCases)
    func markdownListsEveryPurpose(language: Language) {
        let markdown = policy.ropaMarkdown(lang: language)
        for purpose in policy.purposes {
            #expect(markdown.contains("(`\(purpose.name)`)"))
            #expect(markdown.contains(purpose.description[language]))
        }
        #expect(markdown.hasPrefix(language == .ru ? "# Реестр" : "# Record of processing activities"))
        #expect(markdown.contains(language == .ru ? "## Меры безопасности" : "## Security measures"))
    }

    @Test("Round-trips through JSON")
    func jsonRoundTrip() throws {
        let record = policy.ropa()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(record)
        #expect(try JSONDecoder().decode(RecordOfProcessing.self, from: data) == record)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""duration":"5y after end_of_year""#))
        #expect(text.contains(#""legalBasis":"legal_obligation""#))
    }

    @Test("Controller details replace the placeholders and are escaped in tables")
    func controllerDetails() {
        let controller = RecordOfProcessing.Controller(
            name: "ООО «Кофе | Сервис»", address: "Москва", contact: "privacy@example.com", dataProtectionOfficer: "DPO"
        )
        let markdown = policy.ropa(controller: controller).markdown(lang: .en)
        #expect(markdown.contains(#"ООО «Кофе \| Сервис»"#))
        #expect(!markdown.contains("<operator name"))
    }
}
