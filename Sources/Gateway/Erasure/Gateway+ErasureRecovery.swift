import Core
import Foundation
import Keyring
import Vault
import Audit

extension Gateway {
    /// Finishes re-keyings a crash interrupted (partial erasures): a staged key whose re-sealed fields are in the
    /// vault replaces the old key; one whose are not is dropped, and the erasure ledger re-applies the erasure.
    func finishStagedRekeying() async throws {
        let staged = try await keyring.stagedSubjectKeys()
        guard !staged.isEmpty else { return }
        let ids = Array(staged.keys)
        let records = try await vault.read { tx in
            try ids.compactMap { id in try tx.subject(id).map { (id, $0.record) } }
        }
        let resealed = records.filter { id, record in
            record.fields.allSatisfy { $0.keyVersion == staged[id]?.version }
        }.map(\.0)
        try await keyring.promoteStagedKeys(resealed)
        try await keyring.discardStagedKeys(ids.filter { !resealed.contains($0) })
        try await keyring.checkpoint()
        logger.notice("Finished interrupted re-keyings", metadata: ["pdgate.count": "\(resealed.count)"])
    }

    /// Erases again everything `erasures.log` lists that is readable again (after a vault or key store was restored
    /// from a backup made before the erasure): a fully erased person's row and key, a partially erased person's
    /// erased fields (re-keying them again). Returns how many people were erased again.
    @discardableResult
    public func reapplyErasures() async throws -> Int {
        let entries = ErasureLedgerFile(directory: directory).entries()
        guard !entries.isEmpty else { return 0 }
        let listed = ErasureLedgerFile(directory: directory).subjects()
        let present = try await vault.read { tx in try listed.filter { try tx.subjectExists($0) } }
        var withKeys: [SubjectID] = []
        for subject in listed where try await keyring.hasKey(for: subject) { withKeys.append(subject) }
        let again = Array(Set(present + withKeys))
        if !again.isEmpty {
            // The restored outbox predates these erasures: every connector is told again, while the key still opens
            // the identifiers the services key on (a service that already erased them answers "not found").
            var rows: [OutboxRow] = []
            for subject in again {
                rows += outboxRows(.erase, subject: subject, purpose: nil, ref: try await personRef(subject),
                                   key: "erase-replay-\(nowSeconds)")
            }
            let events = rows
            if !events.isEmpty { try await vault.write { tx in _ = try tx.enqueueOutbox(events) } }
            try await finishShredding(again, fields: [:], principal: Self.system,
                                      detail: "erasure ledger re-applied after restore", kind: .full)
        }
        let undone = try await undonePartialErasures(entries)
        if !undone.isEmpty {
            _ = try await reduceToHeld(undone, principal: Self.system, auditNote: "erasure ledger re-applied after restore",
                                       replay: true)
        }
        let count = again.count + undone.count
        if count > 0 { logger.notice("Re-applied erasures after a restore", metadata: ["pdgate.count": "\(count)"]) }
        return count
    }

    /// Writes the act of every recent erasure in `erasures.log` that has none: a process killed (or a disk full)
    /// after the erasure and before its act. Merges have no act of their own. One act for all of them.
    ///
    /// - Returns: How many erasures got their act.
    @discardableResult
    func writeMissingActs(within days: Int = 7) async throws -> Int {
        let cutoff = nowSeconds - Int64(days) * 86_400
        let recent = ErasureLedgerFile(directory: directory).entries().filter { $0.kind != .merged && $0.at >= cutoff }
        guard !recent.isEmpty else { return 0 }
        let acts = try await vault.read { tx in try tx.actTimes(since: cutoff - 86_400) }
        var missing: [SubjectID: ErasureLedgerFile.Entry] = [:]
        for entry in recent where (acts[entry.subject.rawValue] ?? .min) < entry.at { missing[entry.subject] = entry }
        guard !missing.isEmpty else { return 0 }
        let plans = missing.values.sorted { $0.subject < $1.subject }.map {
            ErasurePlan(subject: $0.subject, destroyed: $0.fields, held: [], holdEnds: nil)
        }
        _ = await writeActSafely(for: plans, reason: "erasure completed; its act was not written then (interrupted)",
                                 principal: Self.system)
        logger.notice("Wrote the acts of interrupted erasures", metadata: ["pdgate.count": "\(plans.count)"])
        return plans.count
    }

    /// Partial erasures in the ledger whose erased fields the vault holds again (a restore undid them), as plans
    /// that erase those fields again. People fully erased later are left to the full entries.
    /// Destroys again a subject key that a key store restored on its own (from before a partial erasure) brought
    /// back: the erasure re-sealed the held fields under a newer key and destroyed this one, which still opens the
    /// erased fields in every older vault backup. The held fields then stay unreadable until the key-store backup
    /// taken after the erasure is restored (`pdgate check` lists them as unreadable). Runs after the ledger's
    /// replay, which re-keys people whose vault was restored from before as well.
    ///
    /// - Returns: How many resurrected keys were destroyed.
    @discardableResult
    func destroyResurrectedKeys() async throws -> Int {
        let newest = ledgerKeyVersions()
        guard !newest.isEmpty else { return 0 }
        let keys = try await keyring.subjectKeys(for: newest.keys.sorted())
        let stale = keys.filter { $0.value.version < (newest[$0.key] ?? 0) }.map(\.key).sorted()
        guard !stale.isEmpty else { return 0 }
        _ = try await keyring.destroySubjectKeys(stale)
        for subject in stale {
            try await record(AuditEntry(
                at: nowSeconds, by: Self.system, action: .keyDestroy,
                subject: subject.rawValue,
                detail: "key from before a partial erasure (key store restored alone) destroyed again"))
        }
        logger.warning("""
            Destroyed subject keys a restored key store brought back; restore the key-store backup taken after \
            those erasures to read their held fields
            """,
                       metadata: ["pdgate.count": "\(stale.count)"])
        return stale.count
    }

    /// The newest subject-key version each person's partial erasures recorded in `erasures.log`.
    func ledgerKeyVersions() -> [SubjectID: Int] {
        var newest: [SubjectID: Int] = [:]
        for entry in ErasureLedgerFile(directory: directory).entries() where !entry.kind.shredsSubject
            && entry.keyVersion > 0 {
            newest[entry.subject] = max(newest[entry.subject] ?? 0, entry.keyVersion)
        }
        return newest
    }

    func undonePartialErasures(_ entries: [ErasureLedgerFile.Entry]) async throws -> [ErasurePlan] {
        let fullyErased = Set(entries.filter(\.kind.shredsSubject).map(\.subject))
        var erasedFields: [SubjectID: Set<String>] = [:]
        var restricted: Set<SubjectID> = []
        for entry in entries where !entry.kind.shredsSubject && !fullyErased.contains(entry.subject) {
            erasedFields[entry.subject, default: []].formUnion(entry.fields)
            if entry.kind == .partial { restricted.insert(entry.subject) }
        }
        guard !erasedFields.isEmpty else { return [] }
        let candidates = erasedFields
        let partial = restricted
        // A key older than the newest re-keying the ledger records came back with a restored key store: the person
        // is re-keyed again even where none of the erased fields is back (fields added after the backup and erased
        // later were sealed under that key, and it still opens them in the backups between).
        let versions = ledgerKeyVersions()
        let keys = try await keyring.subjectKeys(for: candidates.keys.sorted())
        let stale = Set(keys.filter { $0.value.version < (versions[$0.key] ?? 0) }.map(\.key))
        return try await vault.read { tx in
            try candidates.keys.sorted().compactMap { id -> ErasurePlan? in
                guard let stored = try tx.subject(id),
                    stale.contains(id)
                        || stored.record.fields.contains(where: { candidates[id]?.contains($0.name) == true })
                else { return nil }
                var plan = ErasurePlan(replaying: Array(candidates[id] ?? []), of: stored)
                plan.keepsActive = !partial.contains(id)
                return plan
            }
        }
    }
}
