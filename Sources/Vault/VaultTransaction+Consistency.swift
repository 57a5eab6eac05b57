import Foundation
internal import Storage

extension VaultTransaction {
    /// Counts what a consistency check needs from the vault, in this transaction's snapshot.
    public func consistency() throws -> VaultConsistency {
        var result = VaultConsistency()
        result.subjects = try sql.fetchValue("SELECT COUNT(*) FROM subject", as: Int.self) ?? 0
        result.orphanIndexRows = try sql.fetchValue("""
            SELECT COUNT(*) FROM subject_index i WHERE NOT EXISTS (SELECT 1 FROM subject s WHERE s.id = i.subject_id)
            """, as: Int.self) ?? 0
        if let imports = try sql.fetchOne("""
            SELECT COUNT(CASE WHEN finished_at IS NULL THEN 1 END) AS unfinished,
                COUNT(CASE WHEN finished_at IS NOT NULL THEN 1 END) AS finished FROM import_run
            """, []) {
            result.unfinishedImports = imports["unfinished"]
            result.finishedImports = imports["finished"]
        }
        result.pendingErasures = try sql.fetchColumn("""
            SELECT DISTINCT subject FROM erasure_ledger WHERE state = 'pending' ORDER BY subject
            """, as: String.self)
        result.erasedSubjects = try sql.fetchColumn("""
            SELECT DISTINCT subject FROM erasure_ledger WHERE state = 'done' ORDER BY subject
            """, as: String.self)
        for row in try sql.fetchAll("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state", []) {
            result.outboxByState[row["state"]] = row["n"]
        }
        let keys = try sql.fetchValue("""
            SELECT COUNT(*) FROM (SELECT idempotency_key FROM outbox GROUP BY idempotency_key HAVING COUNT(*) > 1) AS d
            """, as: Int.self) ?? 0
        let ids = try sql.fetchValue("""
            SELECT COUNT(*) FROM (SELECT event_id FROM outbox GROUP BY event_id HAVING COUNT(*) > 1) AS d
            """, as: Int.self) ?? 0
        result.outboxDuplicates = keys + ids
        for row in try sql.fetchAll("SELECT DISTINCT subject, connector FROM outbox WHERE operation = 'erase'", []) {
            result.erasureEventConnectors[row["subject"], default: []].insert(row["connector"])
        }
        return result
    }
}
