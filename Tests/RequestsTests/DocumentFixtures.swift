import Foundation
import Requests
import Testing

/// Synthetic answers and acts for the document tests (no real personal data).
enum DocumentFixtures {
    /// A value built to break out of HTML and Markdown if it were not escaped.
    static let hostile = "<script>alert(1)</script> \"quoted\" 'single' Tom & Jerry &amp; x\" onmouseover=\"alert(2)"

    static func date(_ iso: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: iso) else {
            Issue.record("bad fixture date \(iso)")
            return Date(timeIntervalSince1970: 0)
        }
        return date
    }

    static let operatorInfo = AccessAnswer.Operator(
        name: "ООО «Ромашка»", address: "123456, Москва, ул. Примерная, д. 1", contact: "privacy@example.com")

    /// A Russian-law answer for a person whose data is held, with consent, a transfer abroad and a connector.
    static func answer(jurisdiction: String = "RU") -> AccessAnswer {
        let since = date("2024-03-05T12:00:00Z")
        let confirmed = date("2026-10-01T09:00:00Z")
        return AccessAnswer(
            reference: "REQ-2026-000042", generatedAt: date("2026-11-23T10:00:00Z"), jurisdiction: jurisdiction,
            operatorInfo: operatorInfo, subject: "sub_7f3a9c", holdsData: true, processingStatus: "active",
            items: [
                .init(field: "full_name", label: "Full name", category: "identity", value: "Anna Example",
                      source: "import customers.csv (2024-03-05)", storedSince: since, lastConfirmed: confirmed),
                .init(field: "email", label: "E-mail", category: "contact", value: "anna@example.com",
                      source: "web form", storedSince: date("2025-01-15T12:00:00Z"), lastConfirmed: confirmed),
                .init(field: "total_spent", label: "Total spent", category: "financial", value: "12 500 RUB",
                      source: "import customers.csv (2024-03-05)", storedSince: since, lastConfirmed: confirmed),
            ],
            purposes: [
                .init(name: "marketing_email", description: "Newsletter with offers", legalBasis: "consent",
                      legalBasisText: "Consent of the data subject (GDPR Art. 6(1)(a), Art. 7)",
                      fields: ["full_name", "email"], retention: "until consent is withdrawn",
                      recipients: ["Mailchimp (US, cross-border transfer)"], active: true),
                .init(name: "accounting", description: "Accounting records", legalBasis: "legal_obligation",
                      legalBasisText: "Tax Code and 402-FZ Art. 29",
                      fields: ["full_name", "total_spent"], retention: "5 years after the reporting year",
                      recipients: ["1C:Accounting (RU)"], active: true),
            ],
            consentHistory: [
                .init(purpose: "marketing_email", action: "given", at: date("2025-01-15T12:30:00Z"),
                      channel: "web_form", provenance: "captured", proven: true,
                      notice: "consent-marketing-email@2025-09-01"),
                .init(purpose: "marketing_email", action: "withdrawn", at: date("2026-02-01T08:15:00Z"),
                      channel: "email", provenance: "captured", proven: true, notice: nil),
            ],
            holdings: [
                .init(connector: "mailchimp", fields: ["email": "anna@example.com", "status": "unsubscribed"],
                      notes: ["Audience: Newsletter"])
            ])
    }

    /// An answer for someone about whom nothing is held.
    static func emptyAnswer(jurisdiction: String = "RU") -> AccessAnswer {
        AccessAnswer(
            reference: "REQ-2026-000043", generatedAt: date("2026-11-23T10:00:00Z"), jurisdiction: jurisdiction,
            operatorInfo: operatorInfo, subject: "-", holdsData: false, processingStatus: "none", items: [],
            purposes: [], consentHistory: [], holdings: [])
    }

    /// An answer in which every text a customer or operator could influence is ``hostile``.
    static func hostileAnswer(jurisdiction: String = "RU") -> AccessAnswer {
        let moment = date("2026-01-10T12:00:00Z")
        var answer = AccessAnswer(
            reference: hostile, generatedAt: moment, jurisdiction: jurisdiction,
            operatorInfo: .init(name: hostile, address: hostile, contact: hostile), subject: hostile,
            holdsData: true, processingStatus: "restricted",
            items: [
                .init(field: hostile, label: hostile, category: hostile, value: hostile, source: hostile,
                      storedSince: moment, lastConfirmed: moment)
            ],
            purposes: [
                .init(name: hostile, description: hostile, legalBasis: hostile, legalBasisText: hostile,
                      fields: [hostile], retention: hostile, recipients: [hostile, hostile + " cross-border"],
                      active: false)
            ],
            consentHistory: [
                .init(purpose: hostile, action: hostile, at: moment, channel: hostile, provenance: hostile,
                      proven: false, notice: hostile)
            ],
            holdings: [.init(connector: hostile, fields: [hostile: hostile], notes: [hostile])])
        answer.automatedDecisions = hostile
        return answer
    }

    /// An act with held fields, connectors and a log extract.
    static func act() -> DestructionAct {
        DestructionAct(
            number: "ACT-2026-000007", date: date("2026-11-20T11:00:00Z"), operatorInfo: operatorInfo,
            informationSystem: "pdgate vault.sqlite and keys.sqlite on crm-01",
            subject: "sub_7f3a9c", subjectDetails: ["Смирнова Анна Ивановна"],
            reason: "request REQ-2026-000042 (erasure)",
            categories: ["identity", "contact", "financial"],
            fields: ["full_name", "email", "phone", "birth_date"],
            heldFields: ["total_spent", "inn"], holdEnds: date("2031-12-31T12:00:00Z"),
            method: "Crypto-shredding: the subject's encryption key was destroyed",
            performedBy: "privacy.officer", approvedBy: "Иванова Анна Сергеевна, руководитель службы",
            connectors: [
                .init(connector: "mailchimp", outcome: "erased"),
                .init(connector: "onec", outcome: "cannot_erase: accounting hold until 2031"),
                .init(connector: "unisender", outcome: "not_found"),
            ],
            logExtract: [
                .init(seq: 1041, at: date("2026-11-20T10:58:07Z"), action: "subject.erase.requested",
                      principal: "privacy.officer", fields: []),
                .init(seq: 1042, at: date("2026-11-20T10:59:13Z"), action: "subject.erase",
                      principal: "privacy.officer", fields: ["full_name", "email", "phone", "birth_date"]),
                .init(seq: 1043, at: date("2026-11-20T10:59:14Z"), action: "key.destroy",
                      principal: "system", fields: []),
            ])
    }

    /// An act in which every text is ``hostile``.
    static func hostileAct() -> DestructionAct {
        DestructionAct(
            number: hostile, date: date("2026-11-20T11:00:00Z"),
            operatorInfo: .init(name: hostile, address: hostile, contact: hostile), informationSystem: hostile,
            subject: hostile, reason: hostile, categories: [hostile], fields: [hostile], heldFields: [hostile],
            holdEnds: nil, method: hostile, performedBy: hostile,
            connectors: [.init(connector: hostile, outcome: hostile)],
            logExtract: [
                .init(seq: 1, at: date("2026-11-20T10:00:00Z"), action: hostile, principal: hostile, fields: [hostile])
            ])
    }
}
