package import Core
package import Foundation
import Keyring
import Vault

/// What one erasure destroys and what it keeps: the one rule every caller (a request, `pdgate erase`, the
/// retention purge, a restore's replay) erases by.
///
/// With no legal hold every field is destroyed and the key with them (crypto-shredding). Under a hold (accounting,
/// 402-FZ) the held fields stay, re-sealed under a new key, and everything else is destroyed with the old key.
package struct ErasurePlan: Sendable, Equatable {
    var subject: SubjectID
    /// Fields destroyed.
    var destroyed: [String]
    /// Fields kept, blocked, under a legal hold; empty for a full erasure.
    var held: [String]
    /// When the hold ends (the purge then completes the erasure).
    var holdEnds: Date?
    /// The person stays active: only the fields of a consent purpose they withdrew are destroyed (no restriction,
    /// no suppression, their other consents untouched).
    var keepsActive = false

    /// Whether fields are kept under a hold (the person is re-keyed and restricted, not shredded).
    var isPartial: Bool { !held.isEmpty }

    package init(subject: SubjectID, destroyed: [String], held: [String], holdEnds: Date?) {
        self.subject = subject
        self.destroyed = destroyed
        self.held = held
        self.holdEnds = holdEnds
    }

    /// The plan for a stored person given their hold (nil, or one that has ended, means a full erasure).
    init(_ stored: StoredSubject, hold: (fields: [String], ends: Date)?, now: Date) {
        if let hold, hold.ends > now {
            self.init(stored, keeping: hold)
        } else {
            self.init(subject: stored.id, destroyed: stored.record.fields.map(\.name), held: [], holdEnds: nil)
        }
    }

    /// The plan that keeps a hold's fields (the purge has judged the hold still running) and destroys the rest.
    init(_ stored: StoredSubject, keeping hold: (fields: [String], ends: Date)) {
        let kept = Set(hold.fields)
        self.init(subject: stored.id, destroyed: stored.record.fields.map(\.name).filter { !kept.contains($0) },
                  held: hold.fields, holdEnds: hold.fields.isEmpty ? nil : hold.ends)
    }

    /// A partial plan from the erasure ledger, against what the vault holds now (re-applied after a restore).
    init(replaying fields: [String], of stored: StoredSubject) {
        subject = stored.id
        let erased = Set(fields)
        destroyed = stored.record.fields.map(\.name).filter { erased.contains($0) }
        held = stored.record.fields.map(\.name).filter { !erased.contains($0) }
        holdEnds = nil
    }
}
