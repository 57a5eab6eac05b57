public import Core
import Foundation
internal import Storage
public import Keyring

/// Reads across all subjects in batches (exports, the data quality report, merging, the consistency check).
extension VaultTransaction {
    /// Up to `limit` subjects whose row id is greater than `rowID`, in row order.
    public func subjects(after rowID: Int64, limit: Int) throws -> [StoredSubject] {
        try sql.fetchAll("SELECT \(Self.subjectColumns) FROM subject WHERE id > ? ORDER BY id LIMIT ?",
                         [.integer(rowID), .integer(Int64(limit))], decoding: Self.subject(from:))
    }

    /// The subjects with these row ids, in row order.
    public func subjects(rowIDs: [Int64]) throws -> [StoredSubject] {
        guard !rowIDs.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: rowIDs.count).joined(separator: ",")
        return try sql.fetchAll(
            "SELECT \(Self.subjectColumns) FROM subject WHERE id IN (\(marks)) ORDER BY id" + forUpdate,
            rowIDs.map { .integer($0) }, decoding: Self.subject(from:))
    }

    /// The subjects among `ids` that exist, in row order (the erased and the unknown are left out); in a write
    /// transaction on PostgreSQL their rows stay locked until it ends, as with ``subject(_:)``.
    ///
    /// SQLite looks each one up in turn (cheap in process); PostgreSQL reads them all in one statement, since each
    /// statement there is a round trip to the server.
    public func subjects(_ ids: [SubjectID]) throws -> [StoredSubject] {
        guard !ids.isEmpty else { return [] }
        guard dialect == .postgres else { return try ids.compactMap { try subject($0) }.sorted { $0.rowID < $1.rowID } }
        return try sql.fetchAll(
            "SELECT \(Self.subjectColumns) FROM subject WHERE pseudonym \(PostgresList.texts) ORDER BY id"
                + forUpdate,
            [.postgresTextArray(ids.map(\.rawValue))], decoding: Self.subject(from:))
    }

    /// The consent events of many subjects, each subject's in ledger order.
    ///
    /// SQLite looks each subject up in turn (cheap in process); PostgreSQL reads them all in one statement, since
    /// each statement there is a round trip to the server.
    public func consentEvents(of subjects: [SubjectID]) throws -> [SubjectID: [ConsentEvent]] {
        var events: [SubjectID: [ConsentEvent]] = [:]
        if dialect == .postgres {
            guard !subjects.isEmpty else { return events }
            let query = "SELECT \(Self.consentColumns) FROM consent_event WHERE subject \(PostgresList.texts) "
                + "ORDER BY id"
            try sql.forEachRow(query, [.postgresTextArray(subjects.map(\.rawValue))]) { row in
                let event = try Self.consent(from: row)
                events[event.subject, default: []].append(event)
            }
            return events
        }
        let query = "SELECT \(Self.consentColumns) FROM consent_event WHERE subject = ? ORDER BY id"
        for subject in subjects {
            // Rows are decoded where the backend reads them (the statement being stepped, on SQLite).
            try sql.forEachRow(query, [.text(subject.rawValue)]) { row in
                events[subject, default: []].append(try Self.consent(from: row))
            }
        }
        return events
    }

    /// For one purpose, each subject's latest consent event: whether it gives consent, and whether it is proven.
    public func latestConsents(purpose: String) throws -> [SubjectID: (given: Bool, proven: Bool)] {
        let rows = try sql.fetchAll("""
            SELECT e.subject, e.action, e.proven FROM consent_event e
            JOIN (SELECT subject, MAX(id) AS id FROM consent_event WHERE purpose = ? GROUP BY subject) last
              ON last.id = e.id
            """, [.text(purpose)])
        var result: [SubjectID: (given: Bool, proven: Bool)] = [:]
        for row in rows {
            guard let subject = SubjectID(row["subject"] as String) else { continue }
            result[subject] = ((row["action"] as String) == ConsentEvent.Action.given.rawValue, row["proven"])
        }
        return result
    }

    /// Groups of subjects (row ids) that share one blind-index digest of `kind`.
    public func sharedDigests(kind: BlindIndex.Kind) throws -> [[Int64]] {
        let rows = try sql.fetchAll("""
            SELECT digest, subject_id FROM subject_index WHERE kind = ? AND digest IN (
                SELECT digest FROM subject_index WHERE kind = ? GROUP BY digest HAVING COUNT(DISTINCT subject_id) > 1)
            ORDER BY digest, subject_id
            """, [.text(kind.rawValue), .text(kind.rawValue)])
        var groups: [Data: Set<Int64>] = [:]
        var order: [Data] = []
        for row in rows {
            let digest: Data = row["digest"]
            if groups[digest] == nil { order.append(digest) }
            groups[digest, default: []].insert(row["subject_id"])
        }
        return order.map { groups[$0, default: []].sorted() }
    }
}
