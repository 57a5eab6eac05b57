public import Core
import Foundation
import Keyring
import Vault
import Audit
import Policy
import ConnectorKit

extension Gateway {
    /// Merges subject `other` into `keep` after the fact: one person who became two subjects.
    ///
    /// Fields `keep` lacks are taken over (re-sealed under its key, with their dates); where both hold different
    /// values the more recently confirmed one stays. `other`'s consent history is copied into `keep`'s (ledger
    /// entries are never changed: the copies say where they came from), and where the later event in time is
    /// `other`'s, the current state is restated. Then `other` is erased like any person (key destroyed, rows
    /// deleted, listed in `erasures.log` so a restored backup does not bring it back). Connectors are told in the
    /// same transaction: an update of `keep`, and an erasure of `other` keyed only on identifiers `keep` does not
    /// now carry. Audited for both pseudonyms with field names.
    ///
    /// - Throws: ``GatewayError`` `refused` (needs `rectify` and `erase`), `notFound`, `invalidArgument` (the same
    ///   subject twice, a restricted subject, an open request of `other`).
    public func mergeSubjects(_ keep: SubjectID, _ other: SubjectID, principal: Principal) async throws -> MergeResult {
        let role = try await role(of: principal, auditAction: .subjectMerge, subject: keep.rawValue)
        guard role.allows(.rectify) && role.allows(.erase) else {
            try await refuse(principal, auditAction: .subjectMerge, subject: keep.rawValue,
                             reason: "role \(principal.role) may not merge subjects (needs rectify and erase)")
        }
        guard keep != other else { throw GatewayError(.invalidArgument, "cannot merge \(keep) with itself") }
        let (kept, merged) = try await mergeCandidates(keep, other)
        let gateway = self
        let now = nowSeconds
        let result = try await vault.write { tx in
            try gateway.merge(merged, into: kept, at: now, principal: principal, in: tx)
        }
        // The rest of `other`'s erasure is the one erasure path's (ledger line, key, rows, checkpoints).
        try await finishShredding([other], fields: [other: merged.record.fields.map(\.name)], principal: principal,
                                  detail: "crypto-shredded; merged into \(keep.rawValue)", kind: .merged)
        logger.info("Subjects merged", metadata: ["pdgate.subject": "\(keep)", "pdgate.merged": "\(other)"])
        return result
    }

    /// Both people, active, and `other` without an open request.
    private func mergeCandidates(_ keep: SubjectID, _ other: SubjectID) async throws
        -> (kept: StoredSubject, merged: StoredSubject)
    {
        let (kept, merged, openRequests) = try await vault.read { tx in
            (try tx.subject(keep), try tx.subject(other),
             try tx.requests(subject: other.rawValue).filter { !["completed", "refused"].contains($0.state) }.count)
        }
        guard let kept else { throw GatewayError(.notFound, "no subject \(keep) (never existed or erased)") }
        guard let merged else { throw GatewayError(.notFound, "no subject \(other) (never existed or erased)") }
        guard kept.status == .active, merged.status == .active else {
            throw GatewayError(.invalidArgument, "a restricted subject cannot be merged; lift the restriction first")
        }
        guard openRequests == 0 else {
            throw GatewayError(.invalidArgument,
                "\(other) has \(openRequests) open request(s); complete or refuse them before merging")
        }
        return (kept, merged)
    }

    /// Everything of a merge inside one transaction: `merged`'s fields taken by the merge rule
    /// (``RecordEditor/merge(_:from:index:in:)``), its consent history copied, the connectors told, the erasure
    /// intent recorded, both pseudonyms audited.
    private func merge(_ merged: StoredSubject, into kept: StoredSubject, at now: Int64, principal: Principal,
                       in tx: VaultTransaction) throws -> MergeResult {
        let otherKey = try keyring.subjectKey(for: merged.id)
        var editor = RecordEditor(kept, key: try keyring.subjectKey(for: kept.id), now: now)
        var result = MergeResult(kept: kept.id.rawValue, merged: merged.id.rawValue, added: [], replaced: [],
                                 unchanged: [], consentEvents: 0)
        for field in merged.record.fields {
            let value = try otherKey.open(field.box, field: field.name)
            let index = policies.fields.field(named: field.name).flatMap { Self.indexKind($0.normalizer) }
                .map { keyring.blindIndex($0) }
            switch try editor.merge(value, from: field, index: index, in: tx) {
            case .added: result.added.append(field.name)
            case .replaced: result.replaced.append(field.name)
            case .unchanged: result.unchanged.append(field.name); continue
            }
            if let index { try tx.removeIndex(kind: index.kind, rowID: merged.rowID) }
        }
        try editor.save(in: tx)
        let change = "merge-\(merged.id.rawValue)"
        try tx.enqueueOutbox(upsertRows(subject: kept.id, key: change)
            + outboxRows(.erase, subject: merged.id, purpose: nil,
                         ref: try departingIdentifiers(of: merged, key: otherKey, keptAs: editor), key: change))
        result.consentEvents = try Self.mergeConsents(into: kept.id, from: merged.id, tx: tx, now: now,
                                                      principal: principal)
        try tx.recordErasureIntent([merged.id], now: now)
        try audit.append(AuditEntry(at: now, by: principal,
                                    action: .subjectMerge, subject: kept.id.rawValue,
                                    fields: result.added + result.replaced,
                                    detail: "merged=\(merged.id.rawValue) added=\(result.added.count) "
                                        + "replaced=\(result.replaced.count) consent_events=\(result.consentEvents)"),
                         in: tx)
        try audit.append(AuditEntry(at: now, by: principal,
                                    action: .subjectMerge, subject: merged.id.rawValue,
                                    fields: merged.record.fields.map(\.name),
                                    detail: "merged_into=\(kept.id.rawValue)"), in: tx)
        return result
    }

    /// The merged person's e-mail and phone that the kept person does not carry now: the connectors drop the
    /// merged copy by them (an identifier both share would take the kept person with it).
    private func departingIdentifiers(of merged: StoredSubject, key: SubjectKey, keptAs editor: RecordEditor)
        throws -> PersonRef
    {
        let kept = editor.subject
        let keptKey = try keyring.subjectKey(for: kept.id)
        func value(of role: FieldRole, in record: SealedRecord, _ key: SubjectKey) -> String? {
            guard let name = policies.fields.fieldName(for: role) else { return nil }
            return record[name].flatMap { try? key.open($0.box, field: name) }
        }
        let email = value(of: .email, in: merged.record, key)
        let phone = value(of: .phone, in: merged.record, key)
        return PersonRef(subject: merged.id.rawValue,
                         email: email == value(of: .email, in: kept.record, keptKey) ? nil : email,
                         phone: phone == value(of: .phone, in: kept.record, keptKey) ? nil : phone)
    }

    /// Copies `other`'s consent events into `keep`'s history and restates the current state per purpose where the
    /// latest event in time (a withdrawal on a tie) is not the last one in the ledger. Returns the events appended.
    static func mergeConsents(into keep: SubjectID, from other: SubjectID, tx: VaultTransaction, now: Int64,
                              principal: Principal) throws -> Int {
        let theirs = try tx.consentEvents(of: other)
        guard !theirs.isEmpty else { return 0 }
        let ours = try tx.consentEvents(of: keep)
        var appended = 0
        for event in theirs {
            var copy = event
            copy.id = nil
            copy.subject = keep
            copy.source = "merge:\(other.rawValue) \(event.source)"
            try tx.appendConsent(copy)
            appended += 1
        }
        for purpose in Set(theirs.map(\.purpose)) {
            let all = (ours + theirs).filter { $0.purpose == purpose }
            // The latest in time decides; on a tie a withdrawal wins.
            guard let decisive = all.max(by: { lhs, rhs in
                lhs.at < rhs.at || (lhs.at == rhs.at && lhs.action == .given && rhs.action == .withdrawn)
            }) else { continue }
            guard let last = try tx.consentEvents(of: keep, purpose: purpose).last,
                last.action != decisive.action || last.proven != decisive.proven
            else { continue }
            var restated = decisive
            restated.id = nil
            restated.subject = keep
            restated.at = now
            restated.channel = "merge"
            restated.source = "merge:\(other.rawValue) restates the latest consent event"
            restated.principal = principal.name
            try tx.appendConsent(restated)
            appended += 1
        }
        return appended
    }
}
