import Foundation
import Policy
import Testing

@Suite("Policy errors name the file, the line and the key")
struct PolicyErrorTests {
    private let purposes = PolicyFixtures.minimal["purposes.yaml"] ?? ""
    private let retention = PolicyFixtures.minimal["retention.yaml"] ?? ""
    private let roles = PolicyFixtures.minimal["roles.yaml"] ?? ""
    private let fields = PolicyFixtures.minimal["fields.yaml"] ?? ""

    @Test("The minimal fixture loads, so each broken variant fails for one reason")
    func minimalFixtureLoads() throws {
        let error = try PolicyFixtures.loadError(replacing: [:])
        #expect(error == nil)
    }

    @Test("A misspelt key is an error with a suggestion, never silently ignored")
    func unknownKeyIsRejected() throws {
        let broken = purposes.replacingOnce("    retention: [profile]", with: "    retension: [profile]")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["purposes.yaml": broken]))
        #expect(error.code == .unknownKey)
        #expect(error.location == "purposes.yaml:18 purposes.newsletter.retension")
        #expect(error.message.contains("did you mean 'retention'"))
    }

    @Test("A missing required key points at the mapping that lacks it")
    func missingKeyIsRejected() throws {
        let broken = purposes.replacingOnce("    retention: [profile]\n", with: "")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["purposes.yaml": broken]))
        #expect(error.code == .missingKey)
        #expect(error.location == "purposes.yaml:12 purposes.newsletter.retention")
    }

    @Test("A file without version is rejected at line 1")
    func missingVersionIsRejected() throws {
        let broken = roles.replacingOnce("version: 1\n", with: "")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["roles.yaml": broken]))
        #expect(error.code == .missingKey)
        #expect(error.location == "roles.yaml:1 version")
    }

    @Test("An unreadable duration is rejected", arguments: ["3 years", "3", "y3", "-1d", "5y after end_of_month"])
    func badDurationIsRejected(duration: String) throws {
        let broken = retention.replacingOnce("duration: 3y", with: "duration: \(duration)")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["retention.yaml": broken]))
        #expect(error.code == .invalidDuration)
        #expect(error.location == "retention.yaml:5 rules.profile.duration")
    }

    @Test("Backup durations must be in days or weeks, so they can be summed")
    func backupDurationInYearsIsRejected() throws {
        let broken = retention.replacingOnce("key_backup_retention: 14d", with: "key_backup_retention: 1m")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["retention.yaml": broken]))
        #expect(error.code == .invalidDuration)
        #expect(error.location == "retention.yaml:12 backups.key_backup_retention")
    }

    @Test("A purpose naming a field that fields.yaml lacks is rejected at the list item")
    func purposeWithUnknownFieldIsRejected() throws {
        let broken = purposes.replacingOnce("fields: [email]", with: "fields: [email, phone]")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["purposes.yaml": broken]))
        #expect(error.code == .unknownReference)
        #expect(error.location == "purposes.yaml:17 purposes.newsletter.fields[1]")
        #expect(error.message.contains("'phone'"))
    }

    @Test("A purpose naming an unknown retention rule or recipient is rejected")
    func purposeWithUnknownRuleOrRecipientIsRejected() throws {
        let badRule = purposes.replacingOnce("retention: [profile]", with: "retention: [forever]")
        let ruleError = try #require(try PolicyFixtures.loadError(replacing: ["purposes.yaml": badRule]))
        #expect(ruleError.code == .unknownReference)
        #expect(ruleError.location == "purposes.yaml:18 purposes.newsletter.retention[0]")

        let badRecipient = purposes.replacingOnce("recipients: [unisender]", with: "recipients: [unisender, mailchimp]")
        let recipientError = try #require(try PolicyFixtures.loadError(replacing: ["purposes.yaml": badRecipient]))
        #expect(recipientError.code == .unknownReference)
        #expect(recipientError.location == "purposes.yaml:20 purposes.newsletter.recipients[1]")
    }

    @Test("Direct marketing on any basis but consent is refused (38-FZ art. 18)")
    func directMarketingWithoutConsentIsRejected() throws {
        let broken = purposes.replacingOnce("legal_basis: consent", with: "legal_basis: legitimate_interest")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["purposes.yaml": broken]))
        #expect(error.code == .invalidValue)
        #expect(error.location == "purposes.yaml:15 purposes.newsletter.direct_marketing")
    }

    @Test("A role granting access to an unknown category is rejected at that key")
    func roleWithUnknownCategoryIsRejected() throws {
        let broken = roles.replacingOnce("access: {contact: read}", with: "access: {contact: read, contacts: masked}")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["roles.yaml": broken]))
        #expect(error.code == .unknownKey)
        #expect(error.location == "roles.yaml:5 roles.officer.access.contacts")
        #expect(error.message.contains("did you mean 'contact'"))
    }

    @Test("A role with an unknown action or a per-field rule on an unknown field is rejected")
    func roleWithUnknownActionOrFieldIsRejected() throws {
        let badAction = roles.replacingOnce("actions: [export, erase]", with: "actions: [export, delete]")
        let actionError = try #require(try PolicyFixtures.loadError(replacing: ["roles.yaml": badAction]))
        #expect(actionError.code == .invalidValue)
        #expect(actionError.location == "roles.yaml:7 roles.officer.actions[1]")

        let badField = roles.replacingOnce(
            "    write: [contact]\n", with: "    write: [contact]\n    fields: {phone: none}\n")
        let fieldError = try #require(try PolicyFixtures.loadError(replacing: ["roles.yaml": badField]))
        #expect(fieldError.code == .unknownReference)
        #expect(fieldError.location == "roles.yaml:7 roles.officer.fields.phone")
    }

    @Test("A role may not write a category it cannot read")
    func roleWritingUnreadableCategoryIsRejected() throws {
        let broken = roles.replacingOnce("access: {contact: read}", with: "access: {contact: masked}")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["roles.yaml": broken]))
        #expect(error.code == .invalidValue)
        #expect(error.location == "roles.yaml:6 roles.officer.write[0]")
    }

    @Test(
        "Execution window plus key-backup life beyond the withdrawal deadline is refused",
        arguments: [("24d", "7d"), ("14d", "17d"), ("4w", "3d")])
    func withdrawalWindowIsEnforced(keyBackup: String, window: String) throws {
        let broken =
            retention
            .replacingOnce("key_backup_retention: 14d", with: "key_backup_retention: \(keyBackup)")
            .replacingOnce("erasure_execution_window: 7d", with: "erasure_execution_window: \(window)")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["retention.yaml": broken]))
        #expect(error.code == .withdrawalWindowExceeded)
        #expect(error.location == "retention.yaml:11 backups")
        #expect(error.message.contains("30 days"))
    }

    @Test("The shipped retention.yaml is refused once key backups outlive the 30 days")
    func shippedPolicyRefusesLongKeyBackups() throws {
        var files = try PolicyFixtures.shippedFiles()
        let original = try #require(files["retention.yaml"])
        files["retention.yaml"] = original.replacingOnce("key_backup_retention: 14d", with: "key_backup_retention: 24d")
        let line = try #require(original.line(of: "\nbackups:")) + 1
        let error = try PolicyFixtures.withFolder(files) { PolicyFixtures.loadError(from: $0) }
        #expect(error?.code == .withdrawalWindowExceeded)
        #expect(error?.location == "retention.yaml:\(line) backups")
    }

    @Test("Consent-only keys on another basis, and consent purposes without a notice, are rejected")
    func consentKeysFollowTheBasis() throws {
        let noNotice = purposes.replacingOnce("    notice: {id: consent-newsletter, version: \"1\"}\n", with: "")
        let noticeError = try #require(try PolicyFixtures.loadError(replacing: ["purposes.yaml": noNotice]))
        #expect(noticeError.code == .missingKey)
        #expect(noticeError.location == "purposes.yaml:12 purposes.newsletter.notice")

        let contract =
            purposes
            .replacingOnce("legal_basis: consent", with: "legal_basis: contract")
            .replacingOnce("    direct_marketing: true\n", with: "")
            .replacingOnce("    on_withdrawal: withdrawn\n", with: "")
            .replacingOnce("    notice: {id: consent-newsletter, version: \"1\"}\n", with: "")
            + "    legacy_consent_sufficient: true\n"
        let legacyError = try #require(try PolicyFixtures.loadError(replacing: ["purposes.yaml": contract]))
        #expect(legacyError.code == .invalidValue)
        #expect(legacyError.location == "purposes.yaml:19 purposes.newsletter.legacy_consent_sufficient")
    }

    @Test("A cross-border recipient must state the basis of the transfer")
    func crossBorderNeedsBasis() throws {
        let broken = purposes.replacingOnce(
            "country: RU\n    cross_border: false", with: "country: US\n    cross_border: true")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["purposes.yaml": broken]))
        #expect(error.code == .missingKey)
        #expect(error.location == "purposes.yaml:10 recipients.unisender.cross_border")
    }

    @Test("The 30 days are also bounded by a shorter withdrawal deadline of a jurisdiction")
    func withdrawalWindowFollowsJurisdiction() throws {
        let jurisdictions = PolicyFixtures.minimalJurisdictions
            .replacingOnce("withdrawal: {within: 30 days", with: "withdrawal: {within: 20 days")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["jurisdictions.yaml": jurisdictions]))
        #expect(error.code == .withdrawalWindowExceeded)
        #expect(error.message.contains("EU withdrawal deadline"))
    }

    @Test("Exactly 30 days is allowed")
    func withdrawalWindowOfExactlyThirtyDaysLoads() throws {
        let edge = retention.replacingOnce("key_backup_retention: 14d", with: "key_backup_retention: 23d")
        #expect(try PolicyFixtures.loadError(replacing: ["retention.yaml": edge]) == nil)
    }

    @Test("Malformed YAML is reported with its file and line")
    func malformedYAMLIsRejected() throws {
        let broken = fields.replacingOnce("normalizer: email", with: "normalizer: email: text")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["fields.yaml": broken]))
        #expect(error.code == .malformedYAML)
        #expect(error.file == "fields.yaml")
        #expect(error.line == 5)
        #expect(!error.message.contains("Почта"), "the message must not echo the document")
    }

    @Test("An unclosed list is reported near its line")
    func unclosedFlowListIsRejected() throws {
        let broken = purposes.replacingOnce("fields: [email]", with: "fields: [email")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["purposes.yaml": broken]))
        #expect(error.code == .malformedYAML)
        #expect(error.file == "purposes.yaml")
        #expect((17...18).contains(error.line ?? 0))
    }

    @Test("A key given twice is rejected")
    func duplicateKeyIsRejected() throws {
        let broken = retention.replacingOnce(
            "    anchor: last_purchase\n", with: "    anchor: last_purchase\n    anchor: collected\n")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["retention.yaml": broken]))
        #expect(error.code == .duplicateName)
        #expect(error.file == "retention.yaml")
        #expect(error.line == 6)
    }

    @Test("A missing policy file is reported by name")
    func missingFileIsRejected() throws {
        let error = try #require(try PolicyFixtures.loadError(replacing: ["roles.yaml": nil]))
        #expect(error.code == .fileNotFound)
        #expect(error.location == "roles.yaml")
    }

    @Test("A field that no purpose uses is refused (purpose limitation)")
    func fieldWithoutPurposeIsRejected() throws {
        let extra = fields.replacingOnce(
            "consent_columns:",
            with: "  phone:\n    category: contact\n    normalizer: phone\n    max_length: 32\n"
                + "    label: {ru: Телефон, en: Phone}\nconsent_columns:")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["fields.yaml": extra]))
        #expect(error.code == .invalidValue)
        #expect(error.location == "fields.yaml:10 fields.phone")
    }

    @Test("A consent column must feed an existing consent purpose")
    func consentColumnForUnknownPurposeIsRejected() throws {
        let broken = fields.replacingOnce(
            "  newsletter: [Согласие на рассылку]", with: "  newsleter: [Согласие на рассылку]")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["fields.yaml": broken]))
        #expect(error.code == .unknownReference)
        #expect(error.location == "fields.yaml:11 consent_columns.newsleter")
    }

    @Test("One header may not map to two columns, even when spelt differently")
    func duplicateHeaderIsRejected() throws {
        let broken = fields.replacingOnce(
            "headers: [Email, Эл. почта]", with: "headers: [Email, Эл. почта, Согласие на рассылку]")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["fields.yaml": broken]))
        #expect(error.code == .duplicateName)
        #expect(error.location == "fields.yaml:11 consent_columns.newsletter[0]")
    }

    @Test("An unknown enum value lists the allowed ones")
    func unknownCategoryValueIsRejected() throws {
        let broken = fields.replacingOnce("category: contact", with: "category: contacts")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["fields.yaml": broken]))
        #expect(error.code == .invalidValue)
        #expect(error.location == "fields.yaml:4 fields.email.category")
        #expect(error.message.contains("identity, contact, financial, profile, notes, special"))
    }

    @Test("A jurisdiction missing a request kind is rejected")
    func jurisdictionMissingKindIsRejected() throws {
        let broken = PolicyFixtures.minimalJurisdictions
            .replacingOnce("      data_leak_report: {within: 1 month, basis: GDPR}\n", with: "")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["jurisdictions.yaml": broken]))
        #expect(error.code == .missingKey)
        #expect(error.location == "jurisdictions.yaml:6 jurisdictions.EU.deadlines.data_leak_report")
    }

    @Test("Working-day deadlines without a calendar are rejected")
    func workingDaysWithoutCalendarAreRejected() throws {
        let broken = PolicyFixtures.minimalJurisdictions
            .replacingOnce("access: {within: 1 month", with: "access: {within: 10 working_days")
        let error = try #require(try PolicyFixtures.loadError(replacing: ["jurisdictions.yaml": broken]))
        #expect(error.code == .missingKey)
        #expect(error.location == "jurisdictions.yaml:7 jurisdictions.EU.deadlines.access")
    }

    @Test("A calendar naming a weekend as a non-working weekday is rejected")
    func calendarWithWeekendHolidayIsRejected() throws {
        var files = try PolicyFixtures.shippedFiles()
        let original = try #require(files["calendars/ru-2026.yaml"])
        files["calendars/ru-2026.yaml"] = original.replacingOnce("  - 2026-01-09", with: "  - 2026-01-10")
        let line = try #require(original.line(of: "  - 2026-01-09"))
        let error = try PolicyFixtures.withFolder(files) { PolicyFixtures.loadError(from: $0) }
        #expect(error?.code == .invalidDate)
        #expect(error?.location == "calendars/ru-2026.yaml:\(line) non_working_weekdays[6]")
    }

    @Test("A calendar that forgets a weekday public holiday is rejected")
    func calendarMissingHolidayIsRejected() throws {
        var files = try PolicyFixtures.shippedFiles()
        let original = try #require(files["calendars/ru-2025.yaml"])
        files["calendars/ru-2025.yaml"] = original.replacingOnce("  - 2025-06-12   # чт, День России\n", with: "")
        let error = try PolicyFixtures.withFolder(files) { PolicyFixtures.loadError(from: $0) }
        #expect(error?.code == .invalidDate)
        #expect(error?.file == "calendars/ru-2025.yaml")
        #expect(error?.message.contains("2025-06-12") == true)
    }

    @Test("The error description reads code, location and message")
    func descriptionFormat() {
        let error = PolicyError(
            .invalidDuration, file: "retention.yaml", line: 5, keyPath: "rules.profile.duration", message: "fix it")
        #expect(error.description == "invalidDuration at retention.yaml:5 rules.profile.duration: fix it")
    }
}
