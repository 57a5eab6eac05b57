public import Core
import Foundation
import Intake
import Keyring
import Vault
import Audit
import Policy

extension Gateway {
    /// Measures the data of every person: completeness and freshness per field (a value is stale when it has not
    /// been confirmed for the period `quality.yaml` sets, 6 months by default), doubtful duplicates (one phone,
    /// names that do not agree), stored e-mails and phones that fail today's validation, ИНН with wrong check digits
    /// (never sent to a connector), and contacts a connector
    /// rejected for good (the dead-lettered updates of the outbox), and addresses a service reported undeliverable
    /// through its webhooks or a pull (hard bounces, Mailchimp's `cleaned`), which the connectors skip.
    ///
    /// Needs a role with `aggregates`; pseudonyms are listed only for roles that may correct data (`rectify`).
    /// Restricted people are counted but not decrypted. The report is audited with its counts.
    public func qualityReport(principal: Principal) async throws -> QualityReport {
        let role = try await role(of: principal, auditAction: .qualityReport)
        guard role.aggregates else {
            try await refuse(principal, auditAction: .qualityReport, reason:
                "role \(principal.role) has no aggregates")
        }
        let listsSubjects = role.allows(.rectify)
        var tally = QualityTally(catalogue: policies.fields, quality: policies.quality,
                                 zone: policies.operatorTimeZone, now: now)
        for try await batch in subjectBatches(size: 1_000) {
            for subject in batch {
                let key = subject.status == .active ? try await keyring.subjectKey(for: subject.id) : nil
                try tally.count(subject, key: key)
            }
        }
        let (groups, rejected, undeliverable) = try await vault.read { tx in
            (try tx.sharedDigests(kind: .phone),
             try tx.deadLetters(connector: nil, limit: 1_000_000).filter {
                 $0.operation == "upsert" && $0.errorCode == "permanent"
             },
             try tx.addressStatuses().filter { $0.status == "invalid" })
        }
        let bounced = undeliverable.map {
            QualityReport.ContactProblem(subject: $0.subject, field: $0.kind, reason: "undeliverable_email",
                                         connector: $0.source)
        }
        let duplicates = tally.doubtfulDuplicates(among: groups)
        let rejections = QualityTally.connectorRejections(rejected)
        let total = max(tally.subjects, 1)
        let fields = policies.fields.fields.map { field in
            QualityReport.Field(
                name: field.name, present: tally.present[field.name] ?? 0,
                completeness: Double(tally.present[field.name] ?? 0) / Double(total),
                stale: tally.stale[field.name] ?? 0,
                reverifyAfter: policies.quality.reverifyAfter(field: field.name).description)
        }
        let report = QualityReport(
            asOf: Self.iso(nowSeconds), subjects: tally.subjects, restricted: tally.restricted, fields: fields,
            doubtfulDuplicateGroups: duplicates.count, invalidContacts: tally.problems.count,
            rejectedByConnectors: rejections.count,
            undeliverableAddresses: undeliverable.count,
            undeliverableByReason: Dictionary(undeliverable.map { ($0.reason, 1) }, uniquingKeysWith: +),
            doubtfulDuplicates: listsSubjects ? duplicates.sorted { $0.subjects.lexicographicallyPrecedes($1.subjects) } : [],
            contactProblems: listsSubjects ? tally.problems + rejections + bounced : [])
        try await record(AuditEntry(
            at: nowSeconds, by: principal, action: .qualityReport,
            detail: "subjects=\(tally.subjects) duplicates=\(duplicates.count) invalid=\(tally.problems.count) "
                + "rejected=\(rejections.count) undeliverable=\(undeliverable.count) listed=\(listsSubjects)"))
        return report
    }

    /// Whether a stored e-mail or phone still passes validation unchanged.
    static func isValidContact(_ value: String, as kind: NormalizerKind) -> Bool {
        switch kind {
        case .email: return (try? Normalizer.email(value)) == value
        case .phone: return (try? Normalizer.phone(value)) == value
        default: return true
        }
    }
}
