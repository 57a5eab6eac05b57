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
    /// rejected for good (the dead-lettered updates of the outbox: the bounce signal pdgate has).
    ///
    /// Needs a role with `aggregates`; pseudonyms are listed only for roles that may correct data (`rectify`).
    /// Restricted people are counted but not decrypted. The report is audited with its counts.
    public func qualityReport(principal: Principal) async throws -> QualityReport {
        let role = try await role(of: principal, auditAction: "quality.report")
        guard role.aggregates else {
            try await refuse(principal, auditAction: "quality.report", reason:
                "role \(principal.role) has no aggregates")
        }
        let listsSubjects = role.allows(.rectify)
        let catalogue = policies.fields
        let quality = policies.quality
        let now = self.now
        let zone = policies.operatorTimeZone
        let keyring = self.keyring
        var present: [String: Int] = [:]
        var stale: [String: Int] = [:]
        var subjects = 0
        var restricted = 0
        var problems: [QualityReport.ContactProblem] = []
        var names: [Int64: (SubjectID, String)] = [:]
        let nameField = catalogue.fields.first { $0.normalizer == .name }?.name
        for try await batch in subjectBatches(size: 1_000) {
            for subject in batch {
                subjects += 1
                for field in subject.record.fields {
                    present[field.name, default: 0] += 1
                    let confirmed = Date(timeIntervalSince1970: TimeInterval(field.confirmedAt))
                    if quality.reverifyAfter(field: field.name).expiry(from: confirmed, in: zone) <= now {
                        stale[field.name, default: 0] += 1
                    }
                }
                guard subject.status == .active else {
                    restricted += 1
                    continue
                }
                let key = try await keyring.subjectKey(for: subject.id)
                for sealed in subject.record.fields {
                    guard let definition = catalogue.field(named: sealed.name) else { continue }
                    switch definition.normalizer {
                    case .email, .phone, .name:
                        let value = try key.open(sealed.box, field: sealed.name)
                        if definition.normalizer == .name {
                            if sealed.name == nameField { names[subject.rowID] = (subject.id, value) }
                        } else if !Self.isValidContact(value, as: definition.normalizer) {
                            problems.append(.init(subject: subject.id.rawValue, field: sealed.name, reason:
                                definition.normalizer == .email ? "invalid_email" : "invalid_phone"))
                        }
                    case .inn:
                        // Not sent to any connector (the resolver drops it) until corrected.
                        if !Normalizer.innChecksumIsValid(try key.open(sealed.box, field: sealed.name)) {
                            problems.append(.init(subject: subject.id.rawValue, field: sealed.name,
                                                  reason: "invalid_inn_checksum"))
                        }
                    default:
                        continue
                    }
                }
            }
        }
        let (groups, rejected) = try await vault.read { tx in
            (try tx.sharedDigests(kind: .phone),
             try tx.deadLetters(connector: nil, limit: 1_000_000).filter {
                 $0.operation == "upsert" && $0.errorCode == "permanent"
             })
        }
        var duplicates: [QualityReport.DoubtfulDuplicate] = []
        for group in groups {
            let people = group.compactMap { names[$0] }
            guard people.count > 1 else { continue }
            var disagree = false
            for (index, person) in people.enumerated() {
                for other in people[(index + 1)...] where !PersonName.agree(person.1, other.1) { disagree = true }
            }
            if disagree {
                duplicates.append(.init(subjects: people.map(\.0.rawValue).sorted(), reason:
                    "same phone, different names: one person (merge with `pdgate subject merge`) or a shared phone"))
            }
        }
        var seenRejections: Set<String> = []
        var rejections: [QualityReport.ContactProblem] = []
        for row in rejected where seenRejections.insert("\(row.subject)|\(row.connector)").inserted {
            rejections.append(.init(subject: row.subject, field: "contact", reason: "rejected_by_connector",
                                    connector: row.connector))
        }
        let total = max(subjects, 1)
        let fields = catalogue.fields.map { field in
            QualityReport.Field(
                name: field.name, present: present[field.name] ?? 0,
                completeness: Double(present[field.name] ?? 0) / Double(total), stale: stale[field.name] ?? 0,
                reverifyAfter: quality.reverifyAfter(field: field.name).description)
        }
        let report = QualityReport(
            asOf: Self.iso(nowSeconds), subjects: subjects, restricted: restricted, fields: fields,
            doubtfulDuplicateGroups: duplicates.count, invalidContacts: problems.count,
            rejectedByConnectors: rejections.count,
            doubtfulDuplicates: listsSubjects ? duplicates.sorted { $0.subjects.lexicographicallyPrecedes($1.subjects) } : [],
            contactProblems: listsSubjects ? problems + rejections : [])
        try await record(AuditEntry(
            at: nowSeconds, principal: principal.name, role: principal.role, action: "quality.report",
            detail: "subjects=\(subjects) duplicates=\(duplicates.count) invalid=\(problems.count) "
                + "rejected=\(rejections.count) listed=\(listsSubjects)"))
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
