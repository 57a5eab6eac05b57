import Foundation
public import Vault
import Storage

/// Finding a subject's entries in the audit chain.
///
/// On SQLite the chain has no per-row index by subject (each appended entry would dirty a random page of it): the
/// entries up to the mark `audit_subject_mark.indexed_through` are found through `audit_subject`, filled in bulk by
/// ``Vault/indexAuditTrails(minimumBacklog:chunk:pause:window:)``, and the entries after the mark by scanning that
/// end of the chain. Index rows past the mark (a merge interrupted before it moved the mark) are ignored, so nothing
/// is found twice. On PostgreSQL, `audit_log_subject` indexes every entry as it is appended.
extension VaultTransaction {
    /// The links about one subject, in chain order.
    public func auditRecords(subject: String) throws -> [AuditRecord] {
        guard dialect == .sqlite else {
            return try sql.fetchAll("SELECT * FROM audit_log WHERE subject = ? ORDER BY seq", [.text(subject)])
                .map(Self.auditRecord(from:))
        }
        let mark = try auditSubjectMark()
        let indexed = try sql.fetchAll(Self.indexedTrail, [.text(subject), .integer(mark)])
        let recent = try sql.fetchAll("SELECT * FROM audit_log WHERE seq > ? AND subject = ? ORDER BY seq",
                                      [.integer(mark), .text(subject)])
        return (indexed + recent).map(Self.auditRecord(from:))
    }

    /// The links about each of `subjects` (a destruction act's batch), each trail in chain order; subjects without
    /// entries are absent.
    ///
    /// On SQLite the end of the chain past the mark is scanned once for the whole batch.
    public func auditRecords(subjects: [String]) throws -> [String: [AuditRecord]] {
        if dialect == .postgres, subjects.count > 1 {
            // One statement for the batch (each is a round trip), through the index by subject.
            var trails: [String: [AuditRecord]] = [:]
            try sql.forEachRow("SELECT * FROM audit_log WHERE subject \(PostgresList.texts) ORDER BY seq",
                               [.postgresTextArray(Array(Set(subjects)))]) { row in
                let record = Self.auditRecord(from: row)
                if let subject = record.subject { trails[subject, default: []].append(record) }
            }
            return trails
        }
        guard dialect == .sqlite, subjects.count > 1 else {
            var trails: [String: [AuditRecord]] = [:]
            for subject in Set(subjects) {
                let trail = try auditRecords(subject: subject)
                if !trail.isEmpty { trails[subject] = trail }
            }
            return trails
        }
        let mark = try auditSubjectMark()
        var trails: [String: [AuditRecord]] = [:]
        let wanted = Set(subjects)
        for subject in wanted {
            try sql.forEachRow(Self.indexedTrail, [.text(subject), .integer(mark)]) { row in
                trails[subject, default: []].append(Self.auditRecord(from: row))
            }
        }
        var recent: [Int64] = []
        try sql.forEachRow("SELECT seq, subject FROM audit_log WHERE seq > ? AND subject IS NOT NULL",
                           [.integer(mark)]) { row in
            let subject: String = row["subject"]
            if wanted.contains(subject) { recent.append(row["seq"]) }
        }
        for seq in recent.sorted() {
            if let row = try sql.fetchOne("SELECT * FROM audit_log WHERE seq = ?", [.integer(seq)]) {
                let record = Self.auditRecord(from: row)
                if let subject = record.subject { trails[subject, default: []].append(record) }
            }
        }
        return trails
    }

    /// Starts checking the index by subject against the chain (nil on PostgreSQL, whose index the database keeps):
    /// feed it every entry of the chain, then ``finishAuditSubjectIndexCheck(_:)``.
    public func beginAuditSubjectIndexCheck() throws -> AuditSubjectIndexCheck? {
        guard dialect == .sqlite else { return nil }
        return AuditSubjectIndexCheck(mark: try auditSubjectMark())
    }

    /// Compares the index with the entries fed to `check`; returns the first disagreement: an entry up to the mark
    /// missing from the index, or an index row naming no entry or another subject.
    ///
    /// A healthy index costs one pass over it (sums compared); only a mismatch runs the queries that find where.
    public func finishAuditSubjectIndexCheck(_ check: AuditSubjectIndexCheck) throws -> (seq: Int64, problem: String)? {
        var indexed = AuditSubjectIndexCheck(mark: check.mark)
        try sql.forEachRow("SELECT subject, seq FROM audit_subject", []) { row in
            let seq: Int64 = row["seq"]
            indexed.add(seq: seq, subject: row["subject"])
            if seq > check.mark { indexed.hasRowsPastMark = true }
        }
        if indexed.sum != check.sum || indexed.count != check.count {
            return try auditSubjectIndexProblem(mark: check.mark)
                ?? (check.mark, "the index by subject does not match the chain")
        }
        // Rows past the mark (a merge interrupted before it moved the mark) are not read by trails yet; they must
        // still name their own entry.
        guard indexed.hasRowsPastMark, let seq = try sql.fetchValue("""
            SELECT s.seq FROM audit_subject s LEFT JOIN audit_log l ON l.seq = s.seq
            WHERE s.seq > ? AND (l.seq IS NULL OR l.subject IS NOT s.subject) ORDER BY s.seq LIMIT 1
            """, [.integer(check.mark)], as: Int64.self)
        else { return nil }
        return (seq, Self.misfiled(seq))
    }

    private static func misfiled(_ seq: Int64) -> String {
        "the index by subject lists entry \(seq) under another person or for no entry"
    }

    /// The first disagreement between the chain and its index by subject, found by queries over both.
    func auditSubjectIndexProblem(mark: Int64) throws -> (seq: Int64, problem: String)? {
        if let seq = try sql.fetchValue("""
            SELECT l.seq FROM audit_log l
            WHERE l.seq <= ? AND l.subject IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM audit_subject s WHERE s.subject = l.subject AND s.seq = l.seq)
            ORDER BY l.seq LIMIT 1
            """, [.integer(mark)], as: Int64.self) {
            return (seq, "entry \(seq) is missing from the index by subject (its person's trail would not show it)")
        }
        if let seq = try sql.fetchValue("""
            SELECT s.seq FROM audit_subject s LEFT JOIN audit_log l ON l.seq = s.seq
            WHERE l.seq IS NULL OR l.subject IS NOT s.subject ORDER BY s.seq LIMIT 1
            """, [], as: Int64.self) {
            return (seq, Self.misfiled(seq))
        }
        return nil
    }

    /// A subject's entries up to the mark, through the bulk index (arguments: subject, mark).
    private static let indexedTrail = """
        SELECT l.* FROM audit_subject s JOIN audit_log l ON l.seq = s.seq
        WHERE s.subject = ? AND s.seq <= ? ORDER BY s.seq
        """

    /// The last sequence number whose entries are all in `audit_subject` (SQLite).
    func auditSubjectMark() throws -> Int64 {
        try sql.fetchValue("SELECT indexed_through FROM audit_subject_mark WHERE id = 1", as: Int64.self) ?? 0
    }

    /// The subject and sequence number of every entry after `mark` up to `head` that names a subject, in the index's
    /// order (subject, then sequence number; sorted by SQLite on the reading connection's thread).
    func auditSubjectTail(after mark: Int64, through head: Int64) throws -> [(subject: String, seq: Int64)] {
        var tail: [(subject: String, seq: Int64)] = []
        try sql.forEachRow("""
            SELECT subject, seq FROM audit_log WHERE seq > ? AND seq <= ? AND subject IS NOT NULL
            ORDER BY subject, seq
            """, [.integer(mark), .integer(head)]) { row in
            tail.append((row["subject"], row["seq"]))
        }
        return tail
    }

    /// Adds index rows (already there ones are kept).
    func addAuditSubjects(_ rows: [(subject: String, seq: Int64)]) throws {
        let insert = try sql.prepare("INSERT OR IGNORE INTO audit_subject (subject, seq) VALUES (?, ?)")
        for row in rows { try insert.execute([.text(row.subject), .integer(row.seq)]) }
    }

    /// Moves the mark forward to `seq` (never back).
    func advanceAuditSubjectMark(to seq: Int64) throws {
        try sql.execute("UPDATE audit_subject_mark SET indexed_through = MAX(indexed_through, ?) WHERE id = 1",
                        [.integer(seq)])
    }
}
