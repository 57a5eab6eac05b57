import Core
import Foundation
import Keyring
import Vault

/// The people a purge finds due, judged page by page (``RetentionJudge``) and collected until a batch is full: whole
/// erasures, erasures that keep legally held fields, and data only a withdrawn consent purpose held. A preview
/// lists them in the report instead.
struct PurgeSelection {
    let judge: RetentionJudge
    let asOf: Date
    let dryRun: Bool
    private(set) var full: [(SubjectID, PurgeReport.Item, [String])] = []
    private(set) var partial: [(SubjectID, PurgeReport.Item)] = []
    private(set) var purposeData: [(SubjectID, PurgeReport.Item, [String])] = []

    init(judge: RetentionJudge, asOf: Date, dryRun: Bool) {
        self.judge = judge
        self.asOf = asOf
        self.dryRun = dryRun
    }

    /// Judges one person; a preview adds what is due to `report`, a run collects it.
    mutating func judge(_ stored: StoredSubject, events: [ConsentEvent], key: SubjectKey,
                        report: inout PurgeReport) throws {
        guard let due = try judge.due(stored, events: events, key: key, asOf: asOf) else {
            // Kept, but the data only a withdrawn consent purpose held goes 30 days after the withdrawal.
            guard stored.status == .active, let ended = judge.endedPurposeFields(stored, events: events, asOf: asOf)
            else { return }
            let item = PurgeReport.Item(subject: stored.id.rawValue, rule: ended.rule, expired: ended.expired,
                                        action: "erase_purpose_data")
            if dryRun { report.items.append(item) } else { purposeData.append((stored.id, item, ended.fields ?? [])) }
            return
        }
        let item = PurgeReport.Item(subject: stored.id.rawValue, rule: due.rule, expired: due.expired,
                                    action: due.partial ? "erase_except_held" : "erase")
        if dryRun {
            report.items.append(item)
        } else if due.partial {
            partial.append((stored.id, item))
        } else {
            full.append((stored.id, item, stored.record.fields.map(\.name)))
        }
    }

    /// Whether either kind of erasure has a batch's worth of people.
    func isBatchFull(_ size: Int) -> Bool { full.count >= size || partial.count >= size }

    /// The people collected for whole and partial erasure since the last batch (purpose data waits for the end).
    mutating func takeBatch() -> ([(SubjectID, PurgeReport.Item, [String])], [(SubjectID, PurgeReport.Item)]) {
        defer {
            full.removeAll()
            partial.removeAll()
        }
        return (full, partial)
    }
}
