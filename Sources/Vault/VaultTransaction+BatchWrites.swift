public import Core
import Foundation
public import Keyring
internal import Storage

/// Writes of a whole batch of subjects (an erasure batch of the purge): on PostgreSQL one statement per batch
/// and table, since each statement there is a round trip to the server; on SQLite the same per-row statements as
/// the single-subject writes, which are cheap in process.
extension VaultTransaction {
    /// Rows per set-based statement on PostgreSQL (sealed records run to a few kilobytes each).
    static let batchStatementRows = 500

    /// Replaces the sealed fields of many subjects, as ``updateSubject(rowID:record:now:)`` does each.
    public func updateSubjects(_ updates: [(rowID: Int64, record: SealedRecord)], now: Int64) throws {
        guard dialect == .postgres else {
            for update in updates { try updateSubject(rowID: update.rowID, record: update.record, now: now) }
            return
        }
        for start in stride(from: 0, to: updates.count, by: Self.batchStatementRows) {
            let chunk = updates[start..<min(start + Self.batchStatementRows, updates.count)]
            try sql.execute("""
                UPDATE subject AS s SET fields = decode(v.fields, 'hex'), updated_at = ?
                FROM unnest(CAST(? AS bigint[]), CAST(? AS text[])) AS v(id, fields) WHERE s.id = v.id
                """, [.integer(now), .postgresTextArray(chunk.map { String($0.rowID) }),
                      .postgresTextArray(chunk.map { Sodium.hex($0.record.encoded()) })])
        }
    }

    /// Sets the processing status of many subjects, as ``setStatus(_:of:now:)`` does each.
    public func setStatus(_ status: StoredSubject.Status, of ids: [SubjectID], now: Int64) throws {
        guard dialect == .postgres else {
            for id in ids { try setStatus(status, of: id, now: now) }
            return
        }
        for start in stride(from: 0, to: ids.count, by: Self.batchStatementRows) {
            let chunk = ids[start..<min(start + Self.batchStatementRows, ids.count)]
            try sql.execute("UPDATE subject SET status = ?, updated_at = ? WHERE pseudonym \(PostgresList.texts)",
                            [.text(status.rawValue), .integer(now), .postgresTextArray(chunk.map(\.rawValue))])
        }
    }

    /// Removes the index rows of one kind of many subjects, as ``removeIndex(kind:rowID:)`` does each.
    public func removeIndex(kind: BlindIndex.Kind, rowIDs: [Int64]) throws {
        guard dialect == .postgres else {
            for rowID in rowIDs { try removeIndex(kind: kind, rowID: rowID) }
            return
        }
        for start in stride(from: 0, to: rowIDs.count, by: Self.batchStatementRows) {
            let chunk = rowIDs[start..<min(start + Self.batchStatementRows, rowIDs.count)]
            try sql.execute("DELETE FROM subject_index WHERE kind = ? AND subject_id \(PostgresList.integers)",
                            [.text(kind.rawValue), .postgresTextArray(chunk.map { String($0) })])
        }
    }

    /// Adds (or refreshes) many suppressed addresses with one reason, as ``suppress(kind:digest:reason:at:)`` does
    /// each. An address listed twice (two people who shared an e-mail) is written once.
    public func suppress(_ entries: [(kind: String, digest: [UInt8])], reason: String, at: Int64) throws {
        guard dialect == .postgres else {
            for entry in entries { try suppress(kind: entry.kind, digest: entry.digest, reason: reason, at: at) }
            return
        }
        var seen = Set<String>()
        let unique = entries.filter { seen.insert($0.kind + ":" + Sodium.hex($0.digest)).inserted }
        for start in stride(from: 0, to: unique.count, by: Self.batchStatementRows) {
            let chunk = unique[start..<min(start + Self.batchStatementRows, unique.count)]
            try sql.execute("""
                INSERT INTO suppression (kind, digest, reason, at)
                SELECT v.kind, decode(v.digest, 'hex'), ?, ?
                FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS v(kind, digest)
                ON CONFLICT (kind, digest) DO UPDATE SET reason = excluded.reason, at = excluded.at
                """, [.text(reason), .integer(at), .postgresTextArray(chunk.map(\.kind)),
                      .postgresTextArray(chunk.map { Sodium.hex($0.digest) })])
        }
    }
}
