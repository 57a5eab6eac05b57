import Foundation
internal import GRDB

extension VaultTransaction {
    /// Counts what a consistency check needs from the vault, in this transaction's snapshot.
    public func consistency() throws -> VaultConsistency {
        var result = VaultConsistency()
        result.subjects = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subject") ?? 0
        result.orphanIndexRows = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM subject_index i WHERE NOT EXISTS (SELECT 1 FROM subject s WHERE s.id = i.subject_id)
            """) ?? 0
        let imports = try Row.fetchOne(db, sql: """
            SELECT SUM(finished_at IS NULL) AS unfinished, SUM(finished_at IS NOT NULL) AS finished FROM import_run
            """)
        result.unfinishedImports = imports?["unfinished"] ?? 0
        result.finishedImports = imports?["finished"] ?? 0
        result.pendingErasures = try String.fetchAll(db, sql: """
            SELECT DISTINCT subject FROM erasure_ledger WHERE state = 'pending' ORDER BY subject
            """)
        result.erasedSubjects = try String.fetchAll(db, sql: """
            SELECT DISTINCT subject FROM erasure_ledger WHERE state = 'done' ORDER BY subject
            """)
        for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state") {
            result.outboxByState[row["state"]] = row["n"]
        }
        let keys = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM (SELECT idempotency_key FROM outbox GROUP BY idempotency_key HAVING COUNT(*) > 1)
            """) ?? 0
        let ids = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM (SELECT event_id FROM outbox GROUP BY event_id HAVING COUNT(*) > 1)
            """) ?? 0
        result.outboxDuplicates = keys + ids
        for row in try Row.fetchAll(db, sql: "SELECT DISTINCT subject, connector FROM outbox WHERE operation = 'erase'") {
            result.erasureEventConnectors[row["subject"], default: []].insert(row["connector"])
        }
        return result
    }
}
