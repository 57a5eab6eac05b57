import Gateway
import Core
import Audit
import ConnectorKit
import Keyring
import Policy
import Vault

/// The file's consent answers, recorded once every row of the file is read.
///
/// The import writes consent events straight into its own transaction rather than through the gateway's consent
/// path: the whole file is one transaction, and its events are legacy evidence with rules of their own (below).
extension CSVImporter {
    /// Records the file's consent answers as legacy consent events: "yes" becomes consent given (unproven unless
    /// evidence was attested), rows of one person that disagree resolve to "no", and a "no" for a person whose
    /// earlier consent is still active records a withdrawal (sent to the purpose's connectors as a suppression).
    ///
    /// The file is legacy evidence dated at the import: it changes only what an import decided. A consent or a
    /// withdrawal recorded by any other channel (the person, a form, the officer) is newer and stays: "yes" never
    /// re-creates consent after a withdrawal (only a new proven consent does), and "no" withdraws a consent given
    /// that way only with `--overwrite-newer`.
    func flushConsent() throws {
        let evidence = options.consentEvidence
        for (key, tally) in consent.entries.sorted(by: { $0.key.rowID < $1.key.rowID }) {
            guard let subjectID = consent.subject(of: key.rowID) else { continue }
            if tally.yesRows.isEmpty == false && tally.noRows.isEmpty == false {
                report.consentConflicts.append(.init(subject: subjectID.rawValue, purpose: key.purpose,
                                                     rows: (tally.yesRows + tally.noRows).sorted()))
            }
            let isNew = consent.isNew(key.rowID)
            var last: ConsentEvent?
            if !isNew { last = try tx.consentEvents(of: subjectID, purpose: key.purpose).last }
            let active = last?.action == .given
            // Whether the ledger's state came from an import (or there is none): then the file may change it.
            let importDecided = last.map { $0.importRun != nil } ?? true
            let saysYes = !tally.yesRows.isEmpty && tally.noRows.isEmpty
            let row = saysYes ? tally.yesRows.first : tally.noRows.first
            var event = ConsentEvent(
                subject: subjectID, purpose: key.purpose, action: .given, at: now, channel: "import",
                source: "\(report.format):\(report.file)#sha256=\(report.sha256.prefix(16))", provenance: .legacy,
                proven: evidence != nil, evidence: evidence, importRun: report.run, importRow: row,
                principal: principal.name)
            if saysYes && !active {
                guard importDecided else {
                    report.consentKeptNewer += 1
                    continue
                }
                try tx.appendConsent(event)
                report.consentGiven += 1
                if evidence == nil { report.consentUnproven += 1 }
                if !isNew {
                    try auditConsent(event, row: row)
                    try tx.enqueueOutbox(outbox.rows(.upsert, subjectID, key.purpose, nil))
                }
            } else if !saysYes && active {
                guard importDecided || options.overwriteNewer else {
                    report.consentKeptNewer += 1
                    continue
                }
                event.action = .withdrawn
                event.proven = true
                try tx.appendConsent(event)
                report.consentWithdrawn += 1
                try auditConsent(event, row: row)
                if outbox.purposes.contains(key.purpose) {
                    try tx.enqueueOutbox(outbox.rows(.suppress, subjectID, key.purpose, try personRef(subjectID)))
                }
            }
        }
    }

    /// An existing person's consent changed by the file: in their audit trail, with the run and row.
    private func auditConsent(_ event: ConsentEvent, row: Int?) throws {
        try audit.append(AuditEntry(
            at: now, by: principal, action: .importConsent,
            purpose: event.purpose, subject: event.subject.rawValue,
            detail: "run=\(report.run) row=\(row.map(String.init) ?? "-") action=\(event.action.rawValue)"), in: tx)
    }

    /// The e-mail and phone a service keys a person on, for a suppression.
    private func personRef(_ id: SubjectID) throws -> PersonRef {
        guard let subject = try tx.subject(id) else { return PersonRef(subject: id.rawValue) }
        let key = try keyring.subjectKey(for: id)
        func value(_ field: FieldDefinition?) throws -> String? {
            guard let name = field?.name, let stored = subject.record[name] else { return nil }
            return try key.open(stored.box, field: name)
        }
        return PersonRef(subject: id.rawValue, email: try value(plan.emailField), phone: try value(plan.phoneField))
    }
}
