import Core
import Audit
import Foundation
import Keyring
import Vault

extension Gateway {
    /// The suppression digests of a normalised e-mail and phone: keyed with the suppression list's own keys,
    /// never the lookup index keys, so the list cannot be joined to the vault's index.
    func suppressionDigests(email: String?, phone: String?) -> [(kind: String, digest: [UInt8])] {
        var digests: [(kind: String, digest: [UInt8])] = []
        if let email { digests.append(("email", keyring.blindIndex(.suppressionEmail).digest(email))) }
        if let phone { digests.append(("phone", keyring.blindIndex(.suppressionPhone).digest(phone))) }
        return digests
    }

    /// The suppression digests of a person's current e-mail and phone (none once the key is gone).
    func suppressionDigests(of subject: SubjectID) async throws -> [(kind: String, digest: [UInt8])] {
        guard let stored = try await vault.read({ tx in try tx.subject(subject) }) else { return [] }
        return await suppressionDigests(of: stored)
    }

    /// The suppression digests of a subject already read.
    func suppressionDigests(of stored: StoredSubject) async -> [(kind: String, digest: [UInt8])] {
        let contacts = await contacts(of: stored)
        return suppressionDigests(email: contacts.email, phone: contacts.phone)
    }

    /// Puts a person's e-mail and phone on the suppression list (erasure at their request, objection), so the
    /// next spreadsheet or form does not bring them back. Reads the values while the subject key still exists.
    func addToSuppressionList(_ subject: SubjectID, reason: String, principal: Principal) async throws {
        try await addToSuppressionList([subject], reason: reason, principal: principal)
    }

    /// Puts many people's e-mails and phones on the suppression list in one transaction (the purge's batches:
    /// `retention`, so an old spreadsheet does not bring back people whose retention ended).
    func addToSuppressionList(_ subjects: [SubjectID], reason: String, principal: Principal) async throws {
        var entries: [(SubjectID, [(kind: String, digest: [UInt8])])] = []
        for (stored, key) in try await currentRecordsWithKeys(of: subjects) {
            let contacts = contacts(of: stored, key: key)
            let digests = suppressionDigests(email: contacts.email, phone: contacts.phone)
            if !digests.isEmpty { entries.append((stored.id, digests.map { ($0.kind, $0.digest) })) }
        }
        guard !entries.isEmpty else { return }
        let now = nowSeconds
        let batch = entries
        // Logged first, beside every key backup too: a restored older vault gets the entries back.
        try SuppressionLedgerFile(directory: directory).added(batch.flatMap { $0.1 }, reason: reason, at: now)
        try await audited(by: principal, at: now) { tx, log in
            // The addresses first, in a statement per batch, then the audit entries, queued and sent together.
            try tx.suppress(batch.flatMap(\.1), reason: reason, at: now)
            for (subject, digests) in batch {
                try log.record(.suppressionAdd, subject: subject.rawValue,
                    fields: digests.map(\.kind), detail: "reason=\(reason)")
            }
        }
    }

    /// Why a normalised address is suppressed (`erasure`, `objection`), or nil.
    func suppressionReason(email: String?, phone: String?, in tx: VaultTransaction) throws -> String? {
        for entry in suppressionDigests(email: email, phone: phone) {
            if let reason = try tx.suppressionReason(kind: entry.kind, digest: entry.digest) { return reason }
        }
        return nil
    }

    /// Takes a person's current addresses off the suppression list after new, proven consent; audited when any was
    /// on it.
    func liftSuppression(of subject: SubjectID, because purpose: String, principal: Principal) async throws {
        let digests = try await suppressionDigests(of: subject)
        let now = nowSeconds
        let lifted = try await audited(by: principal, at: now) { tx, log in
            let lifted = try digests.filter { try tx.liftSuppression(kind: $0.kind, digest: $0.digest) }
            guard !lifted.isEmpty else { return lifted }
            try log.record(.suppressionLift, subject: subject.rawValue,
                fields: lifted.map(\.kind), detail: "new consent: \(purpose)")
            return lifted
        }
        // After the commit: a log line lost here re-suppresses a person on restore, never the other way round.
        try? SuppressionLedgerFile(directory: directory).lifted(lifted, at: now)
    }
}
