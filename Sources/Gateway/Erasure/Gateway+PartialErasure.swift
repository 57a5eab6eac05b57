import Core
import Foundation
import Keyring
import Vault
import Policy
import Audit
import ConnectorKit

extension Gateway {
    /// Reduces people to their legally held fields by re-keying them: the held fields are re-sealed under a new
    /// subject key and the old key is destroyed, so an earlier vault backup opened with any later key store shows
    /// nothing of the erased fields.
    ///
    /// Two files share no transaction, so the order makes every crash recoverable:
    /// 1. the erasure ledger line (`erasures.log`, what is destroyed), before anything changes;
    /// 2. a new key per person, staged in the key store (old key still in place);
    /// 3. one vault transaction: held fields re-sealed under the staged key, the rest and the lookup index rows
    ///    deleted, the person restricted, active consents withdrawn, every connector told through the outbox, audited;
    /// 4. the staged key replaces the old one in one key-store transaction (the old key is gone);
    /// 5. both WALs checkpointed.
    /// At start, ``recover()`` promotes a staged key whose re-sealed fields are in the vault and drops one whose are
    /// not (the ledger line then re-applies the erasure). After step 3 nothing is reported as a failure.
    ///
    /// - Parameter replay: Re-applying the ledger after a restore: no new ledger line.
    /// - Returns: The subjects this call reduced (not those already reduced, or erased meanwhile).
    func reduceToHeld(_ plans: [ErasurePlan], principal: Principal, auditNote: String?, replay: Bool = false)
        async throws -> [SubjectID]
    {
        guard !plans.isEmpty else { return [] }
        let now = nowSeconds
        let subjects = plans.map(\.subject)
        // Read while the old keys exist: the services key on the e-mail and phone being erased.
        let refs = try await personRefs(subjects)
        var outbox: [SubjectID: [OutboxRow]] = [:]
        for subject in subjects {
            outbox[subject] = outboxRows(.erase, subject: subject, purpose: nil, ref: refs[subject],
                                         key: "erase-partial-\(now)")
        }
        let oldKeys = try await keyring.subjectKeys(for: subjects)
        if !replay {
            try ErasureLedgerFile(directory: directory).append(plans.map {
                .init(subject: $0.subject, at: now, kind: $0.keepsActive ? .purpose : .partial,
                      keyVersion: (oldKeys[$0.subject]?.version ?? 0) + 1, fields: $0.destroyed)
            })
        }
        let newKeys = try await keyring.stageSubjectKeys(for: subjects, atLeast: replay ? ledgerKeyVersions() : [:])
        let gateway = self
        let events = outbox
        let (reduced, resealed) = try await vault.write { tx -> ([SubjectID], [SubjectID]) in
            // The batch's rows (locked) and consent histories in two reads, the reductions worked out in memory,
            // then written a statement per table: the same writes as person by person, a few round trips in all.
            let current = Dictionary(try tx.subjects(subjects).map { ($0.id, $0) },
                                     uniquingKeysWith: { first, _ in first })
            let histories = try tx.consentEvents(of: plans.filter { !$0.keepsActive }.map(\.subject))
            var writes = ReductionWrites()
            var reduced: [SubjectID] = [], resealed: [SubjectID] = []
            for plan in plans where !writes.touched.contains(plan.subject) {
                guard let stored = current[plan.subject], let newKey = newKeys[plan.subject] else { continue }
                let outcome = try gateway.reduce(stored, by: plan, from: oldKeys[plan.subject], to: newKey, at: now,
                                                 events: events[plan.subject] ?? [],
                                                 history: histories[plan.subject] ?? [], principal: principal,
                                                 auditNote: auditNote, into: &writes)
                if outcome.resealed { resealed.append(plan.subject) }
                if outcome.reduced { reduced.append(plan.subject) }
            }
            try writes.apply(in: tx, audit: gateway.audit, now: now)
            try gateway.audit.checkpoint(in: tx, now: now)
            return (reduced, resealed)
        }
        // The vault now holds the re-sealed fields: from here the erasure has happened and is never reported failed.
        do {
            try await keyring.promoteStagedKeys(resealed)
            try await keyring.discardStagedKeys(subjects.filter { !resealed.contains($0) })
            try await vault.checkpoint()
            try await keyring.checkpoint()
        } catch {
            logger.error("Partial erasure written to the vault; the old keys are destroyed at the next start",
                         metadata: ["pdgate.count": "\(reduced.count)", "pdgate.error": "\(type(of: error))"])
        }
        logger.info("Subjects reduced to held fields", metadata: ["pdgate.count": "\(reduced.count)"])
        return reduced
    }

    /// One person's reduction, added to the batch's writes: the held fields re-sealed under the staged key (a field
    /// already re-sealed, or that no key opens any more, is kept as it is), the rest and the lookup rows deleted; a
    /// full reduction also restricts the person, withdraws their consents and tells the connectors.
    /// - Returns: Whether anything changed, and whether every field is now under the staged key.
    private func reduce(
        _ current: StoredSubject, by plan: ErasurePlan, from oldKey: SubjectKey?, to newKey: SubjectKey, at now: Int64,
        events: [OutboxRow], history: [ConsentEvent], principal: Principal, auditNote: String?,
        into writes: inout ReductionWrites
    ) throws -> (reduced: Bool, resealed: Bool) {
        writes.touched.insert(plan.subject)
        let erased = Set(plan.destroyed)
        var record = SealedRecord()
        var changed = false
        for field in current.record.fields where !erased.contains(field.name) {
            guard field.keyVersion != newKey.version, let value = try? oldKey?.open(field.box, field: field.name) else {
                record.set(field)
                continue
            }
            record.set(SealedRecord.Field(
                name: field.name, keyVersion: newKey.version, box: newKey.seal(value, field: field.name),
                createdAt: field.createdAt, updatedAt: field.updatedAt, confirmedAt: field.confirmedAt))
            changed = true
        }
        let resealed = record.fields.allSatisfy { $0.keyVersion == newKey.version }
        let removed = current.record.fields.map(\.name).filter { erased.contains($0) }
        guard changed || !removed.isEmpty else { return (false, resealed) }
        writes.records.append((current.rowID, record))
        for (role, index) in [(FieldRole.email, BlindIndex.Kind.email), (.phone, .phone)] {
            let field = policies.fields.fieldName(for: role)
            if !plan.keepsActive || removed.contains(where: { $0 == field }) {
                writes.unindexed[index, default: []].append(current.rowID)
            }
        }
        if !plan.keepsActive {
            writes.restricted.append(plan.subject)
            writes.consents += Self.withdrawals(of: plan.subject, history: history, now: now, principal: principal)
            writes.outbox += events
        }
        writes.entries.append(AuditEntry(
            at: now, by: principal,
            action: plan.keepsActive ? .subjectErasePurposeData : .subjectErasePartial,
            subject: plan.subject.rawValue, fields: removed,
            detail: "held=\(plan.held.joined(separator: ",")); re-keyed" + (auditNote.map { "; \($0)" } ?? "")))
        return (true, resealed)
    }

    /// The withdrawals that end every consent still active in `history` (a person's ledger, oldest first): an
    /// erased person consents to nothing, and no view may show a consent as active after the erasure.
    static func withdrawals(of subject: SubjectID, history: [ConsentEvent], now: Int64, principal: Principal)
        -> [ConsentEvent]
    {
        var latest: [String: ConsentEvent] = [:]
        for event in history { latest[event.purpose] = event }
        return latest.sorted(by: { $0.key < $1.key }).filter { $0.value.action == .given }.map { purpose, _ in
            ConsentEvent(subject: subject, purpose: purpose, action: .withdrawn, at: now, channel: "erasure",
                         source: "erasure", provenance: .captured, proven: true, principal: principal.name)
        }
    }
}
