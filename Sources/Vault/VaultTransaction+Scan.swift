import Foundation
internal import GRDB
public import Keyring

/// Reads across all subjects in batches (exports, the data quality report, merging, the consistency check).
extension VaultTransaction {
    /// Up to `limit` subjects whose row id is greater than `rowID`, in row order.
    public func subjects(after rowID: Int64, limit: Int) throws -> [StoredSubject] {
        let statement = try db.cachedStatement(sql: "SELECT \(Self.subjectColumns) FROM subject WHERE id > ? ORDER BY id LIMIT ?")
        return try Row.fetchAll(statement, arguments: [rowID, limit]).map(Self.subject(from:))
    }

    /// The subjects with these row ids, in row order.
    public func subjects(rowIDs: [Int64]) throws -> [StoredSubject] {
        guard !rowIDs.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: rowIDs.count).joined(separator: ",")
        return try Row.fetchAll(db, sql: "SELECT \(Self.subjectColumns) FROM subject WHERE id IN (\(marks)) ORDER BY id",
                                arguments: StatementArguments(rowIDs)).map(Self.subject(from:))
    }

    /// The consent events of many subjects, each subject's in ledger order.
    public func consentEvents(of subjects: [SubjectID]) throws -> [SubjectID: [ConsentEvent]] {
        var events: [SubjectID: [ConsentEvent]] = [:]
        let statement = try db.cachedStatement(
            sql: "SELECT \(Self.consentColumns) FROM consent_event WHERE subject = ? ORDER BY id")
        for subject in subjects {
            // A cursor decodes each row in place instead of copying it first.
            let rows = try Row.fetchCursor(statement, arguments: [subject.rawValue])
            while let row = try rows.next() { events[subject, default: []].append(try Self.consent(from: row)) }
        }
        return events
    }

    /// For one purpose, each subject's latest consent event: whether it gives consent, and whether it is proven.
    public func latestConsents(purpose: String) throws -> [SubjectID: (given: Bool, proven: Bool)] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT e.subject, e.action, e.proven FROM consent_event e
            JOIN (SELECT subject, MAX(id) AS id FROM consent_event WHERE purpose = ? GROUP BY subject) last
              ON last.id = e.id
            """, arguments: [purpose])
        var result: [SubjectID: (given: Bool, proven: Bool)] = [:]
        for row in rows {
            guard let subject = SubjectID(row["subject"] as String) else { continue }
            result[subject] = ((row["action"] as String) == ConsentEvent.Action.given.rawValue, row["proven"])
        }
        return result
    }

    /// Groups of subjects (row ids) that share one blind-index digest of `kind`.
    public func sharedDigests(kind: BlindIndex.Kind) throws -> [[Int64]] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT group_concat(subject_id) AS ids FROM subject_index WHERE kind = ?
            GROUP BY digest HAVING COUNT(DISTINCT subject_id) > 1
            """, arguments: [kind.rawValue])
        return rows.map { row in
            Array(Set(((row["ids"] as String?) ?? "").split(separator: ",").compactMap { Int64($0) })).sorted()
        }
    }
}
