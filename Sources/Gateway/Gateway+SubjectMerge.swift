import Foundation
public import Keyring
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
        let role = try await role(of: principal, auditAction: "subject.merge", subject: keep.rawValue)
        guard role.allows(.rectify) && role.allows(.erase) else {
            try await refuse(principal, auditAction: "subject.merge", subject: keep.rawValue,
                             reason: "role \(principal.role) may not merge subjects (needs rectify and erase)")
        }
        guard keep != other else { throw GatewayError(.invalidArgument, "cannot merge \(keep) with itself") }
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
        let keepKey = try await keyring.subjectKey(for: keep)
        let otherKey = try await keyring.subjectKey(for: other)
        let catalogue = policies.fields
        var record = kept.record
        var result = MergeResult(kept: keep.rawValue, merged: other.rawValue, added: [], replaced: [], unchanged: [],
                                 consentEvents: 0)
        var reindex: [(BlindIndex.Kind, String)] = []
        for field in merged.record.fields {
            let value = try otherKey.open(field.box, field: field.name)
            let resealed = SealedRecord.Field(
                name: field.name, keyVersion: keepKey.version, box: keepKey.seal(value, field: field.name),
                createdAt: field.createdAt, updatedAt: field.updatedAt, confirmedAt: field.confirmedAt)
            let kind = catalogue.field(named: field.name).flatMap { Self.indexKind($0.normalizer) }
            guard var current = record[field.name] else {
                record.set(resealed)
                result.added.append(field.name)
                if let kind { reindex.append((kind, value)) }
                continue
            }
            let currentValue = try keepKey.open(current.box, field: field.name)
            if currentValue == value {
                current.confirmedAt = max(current.confirmedAt, field.confirmedAt)
                record.set(current)
                result.unchanged.append(field.name)
            } else if field.confirmedAt > current.confirmedAt {
                record.set(resealed)
                result.replaced.append(field.name)
                if let kind { reindex.append((kind, value)) }
            } else {
                result.unchanged.append(field.name)
            }
        }
        // Identifiers of `other` that `keep` does not carry now: the connectors drop `other`'s copy by them.
        func value(_ name: String, _ sealed: SealedRecord, _ key: SubjectKey) -> String? {
            sealed[name].flatMap { try? key.open($0.box, field: name) }
        }
        let otherEmail = value("email", merged.record, otherKey)
        let otherPhone = value("phone", merged.record, otherKey)
        let ref = PersonRef(
            subject: other.rawValue,
            email: otherEmail == value("email", record, keepKey) ? nil : otherEmail,
            phone: otherPhone == value("phone", record, keepKey) ? nil : otherPhone)
        let change = "merge-\(other.rawValue)"
        let outbox = upsertRows(subject: keep, key: change)
            + outboxRows(.erase, subject: other, purpose: nil, ref: ref, key: change)
        let keyring = self.keyring
        let audit = self.audit
        let now = nowSeconds
        let finalRecord = record
        let reindexed = reindex
        let summary = result
        let copied = try await vault.write { tx -> Int in
            try tx.updateSubject(rowID: kept.rowID, record: finalRecord, now: now)
            for (kind, value) in reindexed {
                try tx.removeIndex(kind: kind, rowID: kept.rowID)
                try tx.removeIndex(kind: kind, rowID: merged.rowID)
                try tx.addIndex(kind: kind, digest: keyring.blindIndex(kind).digest(value), rowID: kept.rowID)
            }
            let copied = try Self.mergeConsents(into: keep, from: other, tx: tx, now: now, principal: principal)
            try tx.enqueueOutbox(outbox)
            try tx.recordErasureIntent([other], now: now)
            let fields = summary.added + summary.replaced
            try audit.append(AuditEntry(at: now, principal: principal.name, role: principal.role,
                                        action: "subject.merge", subject: keep.rawValue, fields: fields,
                                        detail: "merged=\(other.rawValue) added=\(summary.added.count) "
                                            + "replaced=\(summary.replaced.count) consent_events=\(copied)"), in: tx)
            try audit.append(AuditEntry(at: now, principal: principal.name, role: principal.role,
                                        action: "subject.merge", subject: other.rawValue,
                                        fields: merged.record.fields.map(\.name),
                                        detail: "merged_into=\(keep.rawValue)"), in: tx)
            return copied
        }
        result.consentEvents = copied
        // The rest of `other`'s erasure is the one erasure path's (ledger line, key, rows, checkpoints).
        try await finishShredding([other], fields: [other: merged.record.fields.map(\.name)], principal: principal,
                                  detail: "crypto-shredded; merged into \(keep.rawValue)", kind: .merged)
        logger.info("Subjects merged", metadata: ["pdgate.subject": "\(keep)", "pdgate.merged": "\(other)"])
        return result
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
