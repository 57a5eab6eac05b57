import Foundation
internal import Storage

extension VaultTransaction {
    /// Whether an unsubscribe a service reports for a person at time `at` is the echo of pdgate's own suppression
    /// (a restriction, objection, withdrawal or erasure pdgate sent to that connector), not the person's act.
    ///
    /// pdgate's outgoing suppressions are marked by their outbox rows (kept, without payload, once finished). The
    /// report is an echo when such a suppression (pending or delivered) was requested no later than the reported
    /// time, and pdgate has not since put the person back at the service (an upsert or re-permission delivered after
    /// the suppression and before the reported time): until then the service shows "unsubscribed" because pdgate
    /// said so, and the person cannot unsubscribe again. A report dated before pdgate's suppression was requested is
    /// the person's own; `skew` allows only for the service's clock and whole-second times, so that a person's own
    /// unsubscribe just before pdgate's suppression never passes for an echo. The caller asks only when the report
    /// would otherwise change something (a withdrawal already recorded is a duplicate, not an echo).
    ///
    /// - Parameters:
    ///   - subject: The pseudonymous subject id.
    ///   - connector: The connector that reported it.
    ///   - at: The reported time (Unix seconds).
    ///   - skew: Tolerance for the service's clock, in seconds.
    public func isEchoOfOwnSuppression(subject: String, connector: String, at: Double, skew: Double = 2) throws
        -> Bool
    {
        let rows = try sql.fetchAll("""
            SELECT operation, state, result, created_at, finished_at FROM outbox
            WHERE connector = ? AND subject = ? AND operation IN ('suppress', 'upsert', 'reconfirm')
              AND state <> 'dead'
            ORDER BY id
            """, [.text(connector), .text(subject)])
        var explained = false
        for row in rows {
            let operation: String = row["operation"]
            if operation == "suppress" {
                let created: Double = row["created_at"]
                if created - skew <= at { explained = true }
                continue
            }
            // A later send that reached the service before the report puts the person back there.
            let state: String = row["state"]
            let result: String? = row["result"]
            let finished: Double? = row["finished_at"]
            if state == "done", result?.contains("upserted") == true, let finished, finished <= at {
                explained = false
            }
        }
        return explained
    }
}
