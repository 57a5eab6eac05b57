public import Core
import Foundation
import Keyring
import Vault
import Audit
import Policy
import Requests

extension Gateway {
    /// Erases a person by crypto-shredding, keeping fields under a legal hold blocked until the hold ends.
    ///
    /// The person goes on the suppression list first, then the one erasure path (`erase(_ plans:…)`)
    /// destroys what the plan says. With a legal hold (accounting, 402-FZ) the held fields are re-sealed
    /// under a new key and the old key is destroyed, so no earlier vault backup opens the erased fields; the
    /// person is restricted and the purge completes the erasure when the hold ends. Either way every connector is
    /// told through the outbox and one destruction act (Order 179) is written under `acts/`. Erasing a person
    /// already reduced to held fields does nothing new and returns the first erasure's act.
    ///
    /// - Throws: ``GatewayError`` `notFound` for a person never known or already erased, `refused` by role.
    ///   Once anything was destroyed the call no longer fails: what is left (the act, a checkpoint) is logged and
    ///   completed at the next start.
    public func erase(_ subject: SubjectID, reason: String, principal: Principal) async throws -> ErasureResult {
        try await require(.erase, principal, auditAction: .subjectErase, subject: subject.rawValue)
        guard let stored = try await vault.read({ tx in try tx.subject(subject) }) else {
            throw GatewayError(.notFound, "no subject \(subject) (never existed or already erased)")
        }
        let hold: (fields: [String], ends: Date)?
        do {
            hold = try await legalHold(for: stored)
        } catch let error as KeyringError where error.code == .subjectKeyMissing {
            throw GatewayError(.notFound, "\(subject) is being erased by another call")
        }
        let plan = ErasurePlan(stored, hold: hold, now: now)
        if plan.isPartial, plan.destroyed.isEmpty, stored.status == .restricted {
            return try await previousErasure(of: plan)
        }
        // Before anything is destroyed: the next import or form must not bring the person back.
        try await addToSuppressionList(subject, reason: "erasure", principal: principal)
        let run = try await erase([plan], reason: reason, principal: principal)
        guard run.erased.contains(subject) else {
            // Another call erased the same person at the same moment and wrote the act: one erasure, one act.
            return try await previousErasure(of: plan)
        }
        return ErasureResult(subject: subject.rawValue, shredded: !plan.isPartial, heldFields: plan.held,
                             holdEnds: plan.holdEnds, act: run.act?.number, actFile: run.act?.file)
    }

    /// The one erasure path: carries out plans (full and partial alike, from a request, `pdgate erase` or the
    /// purge) and writes one destruction act for the full ones and one for the partial ones it carried out.
    ///
    /// - Parameter auditNote: Added to the audit entries (the purge's rule), never personal data.
    func erase(_ plans: [ErasurePlan], reason: String, auditNote: String? = nil, principal: Principal) async throws
        -> ErasureRun
    {
        let full = plans.filter { !$0.isPartial }
        let partial = plans.filter(\.isPartial)
        var run = ErasureRun()
        // Who they were, for the acts: read while the keys still exist.
        let identities = await actIdentities(plans.map(\.subject))
        if !full.isEmpty {
            let erased = try await shred(full, principal: principal, auditNote: auditNote)
            run.erased += erased
            let done = full.filter { erased.contains($0.subject) }
            run.act = await writeActSafely(for: done, identities: identities, reason: reason, principal: principal)
                ?? run.act
        }
        if !partial.isEmpty {
            let reduced = try await reduceToHeld(partial, principal: principal, auditNote: auditNote)
            run.erased += reduced
            let done = partial.filter { reduced.contains($0.subject) }
            run.act = await writeActSafely(for: done, identities: identities, reason: reason, principal: principal)
                ?? run.act
        }
        // No plaintext copy outlives the erasure: every export file that holds one of them goes too (a file that
        // cannot be deleted stays registered and is logged; the erasure itself stands).
        do {
            try await deleteExports(holding: run.erased, principal: principal)
        } catch {
            logger.error("Export files of erased people not deleted", metadata: ["pdgate.error": "\(type(of: error))"])
        }
        return run
    }

    /// Crypto-shreds people: connectors told and the intent recorded in one vault transaction, then
    /// ``finishShredding(_:fields:principal:detail:kind:)``. Returns the subjects whose key this call destroyed.
    package func shred(_ plans: [ErasurePlan], principal: Principal, auditNote: String?) async throws -> [SubjectID] {
        guard !plans.isEmpty else { return [] }
        let subjects = plans.map(\.subject)
        let now = nowSeconds
        // Every connector is told before the key goes: the payload carries the identifiers it keys on.
        let refs = try await personRefs(subjects)
        var rows: [OutboxRow] = []
        for subject in subjects {
            rows += outboxRows(.erase, subject: subject, purpose: nil, ref: refs[subject], key: "erase")
        }
        let events = rows
        try await vault.write { tx in
            try tx.recordErasureIntent(subjects, now: now)
            try tx.enqueueOutbox(events)
        }
        let fields = Dictionary(plans.map { ($0.subject, $0.destroyed) }, uniquingKeysWith: { $1 })
        return try await finishShredding(subjects, fields: fields, principal: principal,
                                         detail: "crypto-shredded" + (auditNote.map { "; \($0)" } ?? ""), kind: .full)
    }

    /// The second half of every full erasure (and of a merge, whose first half is its own transaction): the ledger
    /// line, the keys destroyed, the rows deleted, the intent marked done, both WALs checkpointed.
    ///
    /// Once the keys are gone nothing here reports failure: the vault part left undone stays a pending intent that
    /// ``recover()`` finishes at the next start. Returns the subjects that still had a key (this call erased them).
    @discardableResult
    func finishShredding(_ subjects: [SubjectID], fields: [SubjectID: [String]], principal: Principal, detail: String,
                         kind: ErasureLedgerFile.Entry.Kind) async throws -> [SubjectID] {
        let now = nowSeconds
        try ErasureLedgerFile(directory: directory).append(
            subjects.map { .init(subject: $0, at: now, kind: kind, fields: fields[$0] ?? []) })
        let destroyed = try await keyring.destroySubjectKeys(subjects)
        // One person: whether this call destroyed the key (another call erasing them at once finds it gone). A batch
        // (the purge, which runs alone) erased them all.
        let holders = subjects.count == 1 && destroyed == 0 ? [] : subjects
        do {
            try await audited(by: principal, at: now) { tx, log in
                try tx.deleteSubjects(subjects)
                try tx.completeErasures(subjects, now: now)
                for subject in subjects {
                    try log.record(.subjectErase, subject: subject.rawValue,
                        fields: fields[subject] ?? [], detail: detail)
                }
            }
            try await vault.checkpoint()
            try await keyring.checkpoint()
        } catch {
            logger.error("Erasure done in the key store; its vault rows are removed at the next start",
                         metadata: ["pdgate.count": "\(subjects.count)", "pdgate.error": "\(type(of: error))"])
        }
        logger.info("Subjects erased", metadata: ["pdgate.count": "\(subjects.count)"])
        return holders
    }

    /// The accounting hold on a subject, if a legal-hold rule applies: the held fields and when the hold ends.
    func legalHold(for stored: StoredSubject) async throws -> (fields: [String], ends: Date)? {
        guard let field = policies.fields.fieldName(for: .lastPurchase), stored.record[field] != nil else { return nil }
        let key = try await keyring.subjectKey(for: stored.id)
        return try RetentionJudge(policies: policies).legalHold(for: stored, key: key)
    }

    /// What an earlier erasure of the same person did, with its act (erasing twice writes no second act).
    private func previousErasure(of plan: ErasurePlan) async throws -> ErasureResult {
        let act = try await vault.read { tx in try tx.acts(subject: plan.subject.rawValue).last }
        return ErasureResult(subject: plan.subject.rawValue, shredded: !plan.isPartial, heldFields: plan.held,
                             holdEnds: plan.holdEnds, act: act?.number, actFile: act.map { actURL($0.file).path })
    }

    /// Writes the act for plans carried out; a failure (a full disk) is logged, never reported as a failed
    /// erasure, since the erasure happened.
    func writeActSafely(for plans: [ErasurePlan], identities: [SubjectID: String] = [:], reason: String,
                        principal: Principal) async -> (number: String, file: String)?
    {
        guard !plans.isEmpty else { return nil }
        let fields = Array(Set(plans.flatMap(\.destroyed))).sorted()
        let held = Array(Set(plans.flatMap(\.held))).sorted()
        do {
            return try await writeAct(subjects: plans.map(\.subject), identities: identities, reason: reason,
                                      fields: fields, held: held,
                                      holdEnds: plans.compactMap(\.holdEnds).max(), principal: principal)
        } catch {
            logger.error("Destruction act not written after an erasure",
                         metadata: ["pdgate.count": "\(plans.count)", "pdgate.error": "\(type(of: error))"])
            return nil
        }
    }

    /// The start of a `YYYY-MM-DD` day in `zone`.
    static func isoDay(_ text: String, in zone: TimeZone) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var components = DateComponents()
        components.year = parts[0]
        components.month = parts[1]
        components.day = parts[2]
        components.timeZone = zone
        return Calendar(identifier: .gregorian).date(from: components)
    }
}
