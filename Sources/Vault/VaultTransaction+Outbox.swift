import Foundation
internal import GRDB

extension VaultTransaction {
    /// Adds events; one whose idempotency key is already stored is ignored. Returns how many were added.
    @discardableResult
    public func enqueueOutbox(_ rows: [OutboxRow]) throws -> Int {
        let statement = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO outbox (event_id, connector, operation, subject, purpose, idempotency_key, attempts,
                next_attempt_at, created_at, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var added = 0
        for row in rows {
            try statement.execute(arguments: [row.eventID, row.connector, row.operation, row.subject, row.purpose,
                                              row.idempotencyKey, row.attempts, row.nextAttemptAt, row.createdAt,
                                              row.payload.map { Data($0) }])
            added += db.changesCount
        }
        return added
    }

    /// Leases up to `limit` due events of a connector to `owner`, oldest first, one per person at a time (an
    /// event waits while an older unfinished event of the same person and connector exists).
    public func claimOutbox(connector: String, limit: Int, owner: String, now: Double, leaseUntil: Double) throws
        -> [OutboxRow]
    {
        let rows = try Row.fetchAll(db, sql: """
            SELECT * FROM outbox o
            WHERE o.connector = ? AND o.state = 'pending' AND o.next_attempt_at <= ?
              AND (o.lease_until IS NULL OR o.lease_until <= ?)
              AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.connector = o.connector AND p.subject = o.subject
                              AND p.state = 'pending' AND p.id < o.id)
            ORDER BY o.id LIMIT ?
            """, arguments: [connector, now, now, limit])
        for row in rows {
            try db.execute(sql: "UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id = ?",
                           arguments: [owner, leaseUntil, row["id"] as Int64])
        }
        return rows.map(Self.outbox(from:))
    }

    /// Marks an event delivered (always applied unless already finished: the effect happened) and drops its payload.
    public func completeOutbox(_ eventID: String, result: String, at: Double) throws {
        try db.execute(sql: """
            UPDATE outbox SET state = 'done', result = ?, finished_at = ?, lease_owner = NULL, lease_until = NULL,
                payload = NULL
            WHERE event_id = ? AND state = 'pending'
            """, arguments: [result, at, eventID])
    }

    /// Releases an event for a later attempt; ignored unless `owner` still holds it.
    public func rescheduleOutbox(_ eventID: String, owner: String, attempts: Int, nextAttemptAt: Double,
                                 errorCode: String) throws {
        try db.execute(sql: """
            UPDATE outbox SET attempts = ?, next_attempt_at = ?, error_code = ?, lease_owner = NULL, lease_until = NULL
            WHERE event_id = ? AND state = 'pending' AND lease_owner = ?
            """, arguments: [attempts, nextAttemptAt, errorCode, eventID, owner])
    }

    /// Moves an event to the dead-letter list; ignored unless `owner` still holds it.
    public func deadLetterOutbox(_ eventID: String, owner: String, attempts: Int, errorCode: String,
                                 message: String, at: Double) throws {
        try db.execute(sql: """
            UPDATE outbox SET state = 'dead', attempts = ?, error_code = ?, error_message = ?, finished_at = ?,
                lease_owner = NULL, lease_until = NULL
            WHERE event_id = ? AND state = 'pending' AND lease_owner = ?
            """, arguments: [attempts, errorCode, message, at, eventID, owner])
    }

    /// Returns leased events to the queue at once.
    public func releaseOutbox(_ eventIDs: [String], owner: String) throws {
        for id in eventIDs {
            try db.execute(sql: """
                UPDATE outbox SET lease_owner = NULL, lease_until = NULL
                WHERE event_id = ? AND state = 'pending' AND lease_owner = ?
                """, arguments: [id, owner])
        }
    }

    /// Dead letters, newest first.
    public func deadLetters(connector: String?, limit: Int) throws -> [OutboxRow] {
        var sql = "SELECT * FROM outbox WHERE state = 'dead'"
        var arguments: StatementArguments = []
        if let connector {
            sql += " AND connector = ?"
            _ = arguments.append(contentsOf: [connector])
        }
        sql += " ORDER BY finished_at DESC, id DESC LIMIT ?"
        _ = arguments.append(contentsOf: [limit])
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.outbox(from:))
    }

    /// Puts a dead letter back in the queue with its attempts reset.
    public func requeueDeadLetter(_ eventID: String, now: Double) throws -> Bool {
        try db.execute(sql: """
            UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL
            WHERE event_id = ? AND state = 'dead'
            """, arguments: [now, eventID])
        return db.changesCount > 0
    }

    /// Counts per connector: pending (not leased), leased, done, dead, and the next due time.
    public func outboxCounts(now: Double) throws
        -> [String: (pending: Int, leased: Int, done: Int, dead: Int, nextDue: Double?)]
    {
        var result: [String: (pending: Int, leased: Int, done: Int, dead: Int, nextDue: Double?)] = [:]
        let rows = try Row.fetchAll(db, sql: """
            SELECT connector,
                SUM(state = 'pending' AND (lease_until IS NULL OR lease_until <= ?)) AS pending,
                SUM(state = 'pending' AND lease_until > ?) AS leased,
                SUM(state = 'done') AS done, SUM(state = 'dead') AS dead,
                MIN(CASE WHEN state = 'pending' THEN next_attempt_at END) AS next_due
            FROM outbox GROUP BY connector
            """, arguments: [now, now])
        for row in rows {
            result[row["connector"]] = (row["pending"] ?? 0, row["leased"] ?? 0, row["done"] ?? 0, row["dead"] ?? 0,
                                        row["next_due"])
        }
        return result
    }

    static func outbox(from row: Row) -> OutboxRow {
        var result = OutboxRow(
            eventID: row["event_id"], connector: row["connector"], operation: row["operation"], subject: row["subject"],
            purpose: row["purpose"], idempotencyKey: row["idempotency_key"], attempts: row["attempts"],
            nextAttemptAt: row["next_attempt_at"], createdAt: row["created_at"],
            payload: (row["payload"] as Data?).map(Array.init), state: row["state"])
        result.errorCode = row["error_code"]
        result.errorMessage = row["error_message"]
        result.finishedAt = row["finished_at"]
        result.result = row["result"]
        return result
    }
}
