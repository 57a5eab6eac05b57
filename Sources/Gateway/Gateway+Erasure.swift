import Foundation
public import Keyring
import Vault
import Audit
import Policy
import Requests

extension Gateway {
    /// Erases a person by crypto-shredding, keeping fields under a legal hold blocked until the hold ends.
    ///
    /// Order (two files share no transaction): record the intent in the vault's erasure ledger, destroy the
    /// subject key in `keys.sqlite` (from here nothing is readable), delete the sealed row and its index rows,
    /// mark the ledger entry done, checkpoint both WALs. A crash at any point is finished by ``recover()``.
    /// With a legal hold (accounting, 402-FZ) the key stays, the other fields and the lookup index rows are
    /// deleted, and the person is restricted; the purge completes the erasure when the hold ends.
    /// A destruction act (Order 179) with the log extract is written under `acts/`.
    public func erase(_ subject: SubjectID, reason: String, principal: Principal) async throws -> ErasureResult {
        try await require(.erase, principal, auditAction: "subject.erase", subject: subject.rawValue)
        guard let stored = try await vault.read({ tx in try tx.subject(subject) }) else {
            throw GatewayError(.notFound, "no subject \(subject) (never existed or already erased)")
        }
        let hold = try await legalHold(for: stored)
        let allFields = stored.record.fields.map(\.name)
        // Before anything is destroyed: the next import or form must not bring the person back.
        try await addToSuppressionList(subject, reason: "erasure", principal: principal)
        let audit = self.audit
        let now = nowSeconds
        if let hold, hold.ends > self.now {
            let held = Set(hold.fields)
            let destroyed = allFields.filter { !held.contains($0) }
            try await vault.write { tx in
                guard var current = try tx.subject(subject) else { return }
                for name in destroyed { current.record.remove(name) }
                try tx.updateSubject(rowID: current.rowID, record: current.record, now: now)
                try tx.removeIndex(kind: .email, rowID: current.rowID)
                try tx.removeIndex(kind: .phone, rowID: current.rowID)
                try tx.setStatus(.restricted, of: subject, now: now)
                try audit.append(AuditEntry(at: now, principal: principal.name, role: principal.role,
                                            action: "subject.erase.partial", subject: subject.rawValue,
                                            fields: destroyed, detail: "held=\(hold.fields.joined(separator: ","))"),
                                 in: tx)
                try audit.checkpoint(in: tx, now: now)
            }
            try await vault.checkpoint()
            try await deleteExports(holding: [subject], principal: principal)
            let act = try await writeAct(subject: subject, reason: reason, fields: destroyed, held: hold.fields,
                                         holdEnds: hold.ends, principal: principal)
            return ErasureResult(subject: subject.rawValue, shredded: false, heldFields: hold.fields,
                                 holdEnds: hold.ends, act: act.number, actFile: act.file)
        }
        try await shred(subject, fields: allFields, principal: principal)
        let act = try await writeAct(subject: subject, reason: reason, fields: allFields, held: [], holdEnds: nil,
                                     principal: principal)
        return ErasureResult(subject: subject.rawValue, shredded: true, heldFields: [], holdEnds: nil,
                             act: act.number, actFile: act.file)
    }

    /// Destroys a subject's key and rows; idempotent, and finished by ``recover()`` after a crash.
    func shred(_ subject: SubjectID, fields: [String], principal: Principal) async throws {
        try await shred([subject], fields: [subject: fields], principal: principal, reason: nil)
    }

    /// Crypto-shreds many subjects with one durable step each for the whole batch (purge).
    ///
    /// Intent for all, then the ledger file, then every key in one key-store transaction, then every row in one
    /// vault transaction, then one checkpoint of each WAL.
    func shred(_ subjects: [SubjectID], fields: [SubjectID: [String]], principal: Principal, reason: String?)
        async throws
    {
        guard !subjects.isEmpty else { return }
        let audit = self.audit
        let now = nowSeconds
        // Every connector is told before the key goes: the payload carries the identifiers it keys on.
        var rows: [OutboxRow] = []
        for subject in subjects {
            rows += outboxRows(.erase, subject: subject, purpose: nil, ref: try await personRef(subject), key: "erase")
        }
        let events = rows
        try await vault.write { tx in
            try tx.recordErasureIntent(subjects, now: now)
            try tx.enqueueOutbox(events)
        }
        try ErasureLedgerFile(directory: directory).append(subjects, at: now)
        try await keyring.destroySubjectKeys(subjects)
        try await vault.write { tx in
            try tx.deleteSubjects(subjects)
            try tx.completeErasures(subjects, now: now)
            for subject in subjects {
                try audit.append(AuditEntry(at: now, principal: principal.name, role: principal.role,
                                            action: "subject.erase", subject: subject.rawValue,
                                            fields: fields[subject] ?? [],
                                            detail: "crypto-shredded" + (reason.map { "; \($0)" } ?? "")), in: tx)
            }
            try audit.checkpoint(in: tx, now: now)
        }
        try await vault.checkpoint()
        try await keyring.checkpoint()
        // No plaintext copy outlives the erasure: every export file that holds one of them goes too.
        try await deleteExports(holding: subjects, principal: principal)
        logger.info("Subjects erased", metadata: ["pdgate.count": "\(subjects.count)"])
    }

    /// The accounting hold on a subject, if a legal-hold rule applies: the held fields and when the hold ends.
    func legalHold(for stored: StoredSubject) async throws -> (fields: [String], ends: Date)? {
        guard stored.record["last_purchase_date"] != nil else { return nil }
        let key = try await keyring.subjectKey(for: stored.id)
        return try RetentionJudge(policies: policies).legalHold(for: stored, key: key)
    }

    static func isoDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var components = DateComponents()
        components.year = parts[0]
        components.month = parts[1]
        components.day = parts[2]
        components.timeZone = TimeZone(identifier: "Europe/Moscow")
        return Calendar(identifier: .gregorian).date(from: components)
    }
}
