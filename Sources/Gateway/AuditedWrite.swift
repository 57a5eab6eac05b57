import Core
import Audit
import Vault

/// The audit side of one audited vault transaction: what a service records there is stamped with the same time and
/// the same principal, and commits with the change it describes or not at all.
struct AuditedWrite {
    let audit: AuditLog
    let principal: Principal
    /// The second the operation happens at; entries and any timestamps the operation writes share it.
    let now: Int64
    let tx: VaultTransaction

    /// Appends an entry for what the principal did, in the transaction.
    ///
    /// - Returns: The entry's sequence number in the chain.
    @discardableResult
    func record(
        _ action: AuditAction, purpose: String? = nil, subject: String? = nil, fields: [String] = [],
        outcome: AuditEntry.Outcome = .ok, detail: String? = nil
    ) throws -> Int64 {
        try audit.append(AuditEntry(at: now, by: principal, action: action, purpose: purpose, subject: subject,
                                    fields: fields, outcome: outcome, detail: detail), in: tx)
    }
}

/// When an audited write signs the head of the audit chain.
///
/// A signed checkpoint proves the chain up to its entry: whoever rewrites the database afterwards cannot make the
/// signed part verify. A change is signed in its own transaction, so even the newest change is covered the moment it
/// commits; a read only records who looked, and is covered by the next checkpoint (every
/// `AuditLog.checkpointInterval` entries, each group commit, or the next signed write), which saves a signature per
/// page view.
enum HeadSigning {
    /// In the write's transaction: personal data, consent, requests, access and evidence changed.
    case atOnce
    /// With the next checkpoint: the write only recorded a read.
    case withNext
}

extension Gateway {
    /// The one audited write every service goes through: `body` changes (or reads) the vault in one write
    /// transaction and records what it did with ``AuditedWrite/record(_:purpose:subject:fields:outcome:detail:)``;
    /// the change and its audit entries commit together. Errors from the layers below are translated once
    /// (``GatewayError/translated(_:)``), so every service reports storage and key failures alike.
    ///
    /// - Parameters:
    ///   - now: The operation's time, when the caller stamps other records with it too.
    ///   - signing: Whether the chain's head is signed in this transaction (``HeadSigning``).
    @discardableResult
    func audited<T: Sendable>(
        by principal: Principal, at now: Int64? = nil, signing: HeadSigning = .atOnce,
        _ body: @escaping @Sendable (VaultTransaction, AuditedWrite) throws -> T
    ) async throws -> T {
        let audit = self.audit
        let now = now ?? nowSeconds
        do {
            return try await vault.write { tx in
                let result = try body(tx, AuditedWrite(audit: audit, principal: principal, now: now, tx: tx))
                if signing == .atOnce { try audit.checkpoint(in: tx, now: now) }
                return result
            }
        } catch {
            throw GatewayError.translated(error)
        }
    }

    /// The other door to the audit chain, for an entry with nothing changed beside it (a read, a refusal): it
    /// commits in the vault's group commit with the entries arriving at the same moment, each in its own savepoint,
    /// and the group signs the head. A change and its entries go through ``audited(by:at:signing:_:)`` instead, so
    /// they commit together or not at all.
    func record(_ entry: AuditEntry) async throws {
        let audit = self.audit
        _ = try await vault.writeGrouped { tx in try audit.append(entry, in: tx) }
    }
}
