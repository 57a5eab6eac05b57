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

/// What an audited write does, which decides how it commits and when the head of the audit chain is signed.
///
/// A signed checkpoint proves the chain up to its entry: whoever rewrites the database afterwards cannot make the
/// signed part verify. A change runs in its own transaction and signs the head there, so even the newest change is
/// covered the moment it commits. A read only records who looked: it commits in the vault's group commit with the
/// reads arriving at the same moment (each in its own savepoint, `Vault.writeGrouped`) and is covered by that
/// group's checkpoint, which saves a transaction and a signature per page view on a busy server.
enum AuditedOperation {
    /// Personal data, consent, requests, access or evidence changed.
    case change
    /// Nothing changed but the audit: a search, a view, a list.
    case read
}

extension Gateway {
    /// The one audited write every service goes through: `body` changes (or reads) the vault in one write
    /// transaction and records what it did with ``AuditedWrite/record(_:purpose:subject:fields:outcome:detail:)``;
    /// the change and its audit entries commit together. Errors from the layers below are translated once
    /// (``GatewayError/translated(_:)``), so every service reports storage and key failures alike.
    ///
    /// - Parameters:
    ///   - now: The operation's time, when the caller stamps other records with it too.
    ///   - operation: A change (its own transaction, head signed) or a read (grouped), as ``AuditedOperation`` says.
    @discardableResult
    func audited<T: Sendable>(
        by principal: Principal, at now: Int64? = nil, as operation: AuditedOperation = .change,
        _ body: @escaping @Sendable (VaultTransaction, AuditedWrite) throws -> T
    ) async throws -> T {
        let audit = self.audit
        let now = now ?? nowSeconds
        do {
            switch operation {
            case .change:
                return try await vault.write { tx in
                    let result = try body(tx, AuditedWrite(audit: audit, principal: principal, now: now, tx: tx))
                    try audit.checkpoint(in: tx, now: now)
                    return result
                }
            case .read:
                return try await vault.writeGrouped { tx in
                    try body(tx, AuditedWrite(audit: audit, principal: principal, now: now, tx: tx))
                }
            }
        } catch {
            throw GatewayError.translated(error)
        }
    }

    /// An audited look-up in two steps: `query` (one statement) finds the data, then `record` appends what was
    /// revealed, in the vault's group commit; the caller gets the result only once the entries are committed, as
    /// with ``audited(by:at:as:_:)``. Use it where the answer need not be read under the same lock as its entries (a
    /// search: who was found is what the entries record).
    ///
    /// Why the two steps, and why the backends differ: the group commit holds the chain's lock while the group
    /// runs. On PostgreSQL a read made there is a round trip under that lock for every concurrent request, and it
    /// sends the appends queued before it one by one; so there the query runs first, on its own (``Vault/run(_:)``:
    /// one round trip, no transaction, no blocked thread), and the group holds only appends, which go to the server
    /// together. On SQLite the query is an in-process call on the writer's connection, cheaper inside the group than
    /// a read of its own outside it (measured: 0.05 against 0.15 ms of CPU per lookup), so there it stays in the
    /// group.
    func auditedRead<R: Sendable, T: Sendable>(
        by principal: Principal, query: VaultQuery<R>, record: @escaping @Sendable (R, AuditedWrite) throws -> T
    ) async throws -> T {
        guard vault.dialect == .postgres else {
            return try await audited(by: principal, as: .read) { tx, log in try record(try tx.run(query), log) }
        }
        let found: R
        do {
            found = try await vault.run(query)
        } catch {
            throw GatewayError.translated(error)
        }
        return try await audited(by: principal, as: .read) { _, log in try record(found, log) }
    }

    /// An audited read of one prebuilt entry (a refusal, a failed read): grouped as ``AuditedOperation/read`` says.
    /// A change and its entries go through ``audited(by:at:as:_:)`` instead, so they commit together or not at all.
    func record(_ entry: AuditEntry) async throws {
        let audit = self.audit
        do {
            _ = try await vault.writeGrouped { tx in try audit.append(entry, in: tx) }
        } catch {
            throw GatewayError.translated(error)
        }
    }
}
