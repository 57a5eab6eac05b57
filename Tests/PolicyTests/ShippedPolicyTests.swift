import Foundation
import Policy
import Testing

@Suite("The shipped Policies/ folder")
struct ShippedPolicyTests {
    private let policy: PolicySet

    init() throws {
        policy = try PolicyFixtures.shipped.get()
    }

    @Test("Declares the fields in catalogue order")
    func fieldsInOrder() {
        #expect(
            policy.fields.fields.map(\.name) == [
                "full_name", "phone", "email", "source", "first_contact_date", "last_purchase_date",
                "last_purchase_amount", "status", "birthday", "company", "inn", "tags", "manager", "notes",
            ])
        #expect(policy.fields.field(named: "notes")?.maxLength == 2000)
        #expect(policy.fields.field(named: "email")?.maxLength == 254)
        #expect(policy.fields.field(named: "phone")?.maxLength == 32)
        #expect(policy.fields.fields.filter(\.searchable).map(\.name) == ["phone", "email"])
        #expect(policy.fields.field(named: "inn")?.category == .financial)
        #expect(policy.fields.field(named: "birthday")?.category == .identity)
    }

    @Test("Declares the expected purposes with their bases")
    func purposes() throws {
        let expected: [String: LegalBasis] = [
            "marketing_email": .consent, "marketing_sms": .consent, "telephony": .consent,
            "order_fulfilment": .contract, "accounting": .legalObligation, "partner_sharing": .consent,
        ]
        for (name, basis) in expected {
            let purpose = try #require(policy.purpose(named: name), "missing purpose \(name)")
            #expect(purpose.legalBasis == basis)
            if basis == .consent {
                #expect(purpose.notice != nil)
                #expect(!purpose.legacyConsentSufficient, "\(name) must not run on unproven legacy consent")
                #expect(purpose.withdrawalRule == "consent_withdrawn")
            }
        }
        #expect(policy.purpose(named: "marketing_email")?.recipients.contains("mailchimp") == true)
        #expect(policy.retentionRules(for: try #require(policy.purpose(named: "accounting"))).first?.legalHold != nil)
    }

    @Test("A withdrawal of e-mail marketing reaches only its connectors")
    func withdrawalReachesOnlyPurposeConnectors() throws {
        let recipients = try #require(policy.purpose(named: "marketing_email")).recipients
        #expect(Set(recipients) == ["unisender", "mailchimp"])
        #expect(policy.purposes(feeding: "onec").map(\.name).sorted() == ["accounting", "order_fulfilment"])
        #expect(policy.recipient(named: "mailchimp")?.crossBorder == true)
    }

    @Test("Backups keep the 30-day promise")
    func backupsFitWithdrawalDeadline() {
        #expect(policy.retention.backups.daysUntilUnreadable <= 30)
        #expect(policy.retention.rule(named: "accounting")?.duration.description == "5y after end_of_year")
    }

    @Test("Roles grant what each job needs")
    func roles() throws {
        let fields = policy.fields
        let accountant = try #require(policy.role(named: "accountant"))
        let officer = try #require(policy.role(named: "privacy_officer"))
        let analyst = try #require(policy.role(named: "analyst"))
        let support = try #require(policy.role(named: "support"))
        let field = { (name: String) throws -> FieldDefinition in try #require(fields.field(named: name)) }

        for name in ["full_name", "company", "inn", "last_purchase_amount"] {
            #expect(accountant.access(to: try field(name)) == .read, "accountant must read \(name)")
        }
        for name in ["birthday", "phone", "email", "notes", "tags"] {
            #expect(accountant.access(to: try field(name)) == .none, "accountant must not see \(name)")
        }
        #expect(!accountant.canWrite(try field("full_name")))
        #expect(accountant.canWrite(try field("inn")))

        #expect(analyst.aggregates)
        #expect(FieldCategory.allCases.allSatisfy { analyst.access(to: $0) == .none })
        #expect(analyst.actions.isEmpty)

        #expect(support.access(to: try field("phone")) == .masked)
        #expect(support.access(to: try field("birthday")) == .none)
        #expect(!support.canWrite(try field("phone")))

        #expect(Set(officer.actions) == Set(RoleAction.allCases))
        // The privacy center acts for a person who proved their e-mail: their own export and consents, identity
        // and contact fields only, nothing financial, special or in notes.
        let center = try #require(policy.role(named: "privacy_center"))
        #expect(Set(center.actions) == [.export, .consent])
        #expect(center.access(to: try field("email")) == .read)
        #expect(center.canWrite(try field("phone")))
        for name in ["notes", "last_purchase_amount", "inn"] {
            #expect(center.access(to: try field(name)) == .none, "the privacy center must not see \(name)")
        }
        #expect(
            Set(policy.roles.map(\.name)) == [
                "privacy_officer", "manager", "support", "analyst", "accountant", "connector", "privacy_center",
            ])
    }

    @Test("Both jurisdictions have a rule for every request kind")
    func jurisdictions() throws {
        for code in ["RU", "EU"] {
            let jurisdiction = try #require(policy.jurisdiction(code: code))
            for kind in RequestKind.allCases {
                #expect(jurisdiction.rule(for: kind) != nil, "\(code) lacks \(kind)")
            }
        }
        let ru = try #require(policy.jurisdiction(code: "RU"))
        #expect(ru.rule(for: .access)?.period == .workingDays(10))
        #expect(ru.rule(for: .access)?.extensionPeriod == .workingDays(5))
        #expect(ru.rule(for: .objection)?.period == .immediately)
        #expect(ru.rule(for: .dataLeak)?.period == .hours(24))
        #expect(ru.calendar?.years.map(\.year) == [2025, 2026, 2027])
        let eu = try #require(policy.jurisdiction(code: "EU"))
        #expect(eu.rule(for: .access)?.period == .months(1))
        #expect(eu.rule(for: .access)?.extensionPeriod == .months(2))
        #expect(eu.rule(for: .dataLeak)?.period == .hours(72))
    }
}
