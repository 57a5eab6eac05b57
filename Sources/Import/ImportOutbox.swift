import Core
import ConnectorKit
import Keyring
import Vault

/// The outbox rows an import queues for the connectors, in the import's transaction.
///
/// A new person is announced to every connector purpose (the resolver decides at send time whether the basis
/// holds). A person the import changed is announced only for the purposes they may be sent for now, so a person
/// who withdrew is never queued for a re-subscribe; a withdrawal the file records is sent as a suppression.
struct ImportOutbox {
    /// Purposes served by a configured connector (empty: nothing is queued).
    var purposes: [String] = []
    /// The purposes among ``purposes`` whose basis is consent.
    var consentPurposes: Set<String> = []
    /// Builds the rows of one change: operation, subject, purpose, the addresses a suppression keys on.
    var rows: (OutboxEvent.Operation, SubjectID, String, PersonRef?) -> [OutboxRow] = { _, _, _, _ in [] }

    /// Upserts of a new person, for every purpose.
    func newPerson(_ subject: SubjectID) -> [OutboxRow] {
        purposes.flatMap { rows(.upsert, subject, $0, nil) }
    }

    /// Upserts of a changed person, for the purposes whose basis may hold: not consent-based, or consent active in
    /// the ledger as it stands in `tx`.
    func changedPerson(_ subject: SubjectID, in tx: VaultTransaction) throws -> [OutboxRow] {
        var result: [OutboxRow] = []
        for purpose in purposes {
            if consentPurposes.contains(purpose),
                try tx.consentEvents(of: subject, purpose: purpose).last?.action != .given {
                continue
            }
            result += rows(.upsert, subject, purpose, nil)
        }
        return result
    }
}
