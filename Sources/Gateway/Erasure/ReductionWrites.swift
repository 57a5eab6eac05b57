import Audit
import Core
import Keyring
import Vault

/// The vault writes of a batch of partial erasures, gathered person by person and then written together: on
/// PostgreSQL a few statements per batch instead of a dozen per person (each statement is a round trip there);
/// on SQLite the same rows, person by person.
///
/// The order of ``apply(in:audit:now:)`` keeps every bulk insert (consent withdrawals, audit entries) at the end,
/// after the statements that would otherwise send their queued rows one at a time.
struct ReductionWrites {
    /// The people already reduced in this batch (a plan naming someone twice is carried out once).
    var touched: Set<SubjectID> = []
    /// The re-sealed records, by row.
    var records: [(rowID: Int64, record: SealedRecord)] = []
    /// Rows whose lookup index of a kind goes.
    var unindexed: [BlindIndex.Kind: [Int64]] = [:]
    /// People restricted (reduced to held fields, not merely a purpose's data).
    var restricted: [SubjectID] = []
    /// Their active consents, withdrawn.
    var consents: [ConsentEvent] = []
    /// What every connector is told.
    var outbox: [OutboxRow] = []
    /// One audit entry per person reduced.
    var entries: [AuditEntry] = []

    /// Writes everything gathered, in the erasure's transaction.
    func apply(in tx: VaultTransaction, audit: AuditLog, now: Int64) throws {
        try tx.updateSubjects(records, now: now)
        for kind in [BlindIndex.Kind.email, .phone] {
            if let rows = unindexed[kind] { try tx.removeIndex(kind: kind, rowIDs: rows) }
        }
        try tx.setStatus(.restricted, of: restricted, now: now)
        try tx.enqueueOutbox(outbox)
        for event in consents { _ = try tx.appendConsent(event) }
        for entry in entries { _ = try audit.append(entry, in: tx) }
    }
}
