import Foundation
internal import Storage

extension VaultTransaction {
    /// Adds events; one whose idempotency key is already stored is ignored. Returns how many were added.
    @discardableResult
    public func enqueueOutbox(_ rows: [OutboxRow]) throws -> Int {
        var added = 0
        for row in rows {
            added += try sql.execute("""
                INSERT INTO outbox (event_id, connector, operation, subject, purpose, idempotency_key, attempts,
                    next_attempt_at, created_at, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """, [.text(row.eventID), .text(row.connector), .text(row.operation), .text(row.subject),
                      .text(row.purpose), .text(row.idempotencyKey), .integer(Int64(row.attempts)),
                      .real(row.nextAttemptAt), .real(row.createdAt), row.payload.sqlValue])
        }
        return added
    }

    /// Leases up to `limit` due events of a connector to `owner`, oldest first, one per person at a time (an
    /// event waits while an older unfinished event of the same person and connector exists).
    ///
    /// On PostgreSQL the events are selected `FOR UPDATE SKIP LOCKED`: dispatchers of several instances claiming at
    /// once each get different events, and none waits for another's claim.
    public func claimOutbox(connector: String, limit: Int, owner: String, now: Double, leaseUntil: Double) throws
        -> [OutboxRow]
    {
        let skipLocked = dialect == .postgres ? " FOR UPDATE OF o SKIP LOCKED" : ""
        let rows = try sql.fetchAll("""
            SELECT * FROM outbox o
            WHERE o.connector = ? AND o.state = 'pending' AND o.next_attempt_at <= ?
              AND (o.lease_until IS NULL OR o.lease_until <= ?)
              AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.connector = o.connector AND p.subject = o.subject
                              AND p.state = 'pending' AND p.id < o.id)
            ORDER BY o.id LIMIT ?
            """ + skipLocked, [.text(connector), .real(now), .real(now), .integer(Int64(limit))])
        for row in rows {
            try sql.execute("UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id = ?",
                            [.text(owner), .real(leaseUntil), row.value("id")])
        }
        return rows.map(Self.outbox(from:))
    }

    /// Where each connector's events of one kind for one subject stand (`pending`, `done` with the connector's
    /// result, `dead` with the error code), oldest first: what an erasure request waits for.
    public func outboxOutcomes(subject: String, operation: String) throws
        -> [(connector: String, state: String, result: String?, errorCode: String?)]
    {
        try sql.fetchAll("""
            SELECT connector, state, result, error_code FROM outbox WHERE subject = ? AND operation = ? ORDER BY id
            """, [.text(subject), .text(operation)]).map { ($0["connector"], $0["state"], $0["result"], $0["error_code"]) }
    }

    /// The subjects whose erase events were delivered or dead-lettered at or after `since` (Unix seconds).
    public func subjectsWithErasuresFinished(since: Double) throws -> [String] {
        try sql.fetchColumn("""
            SELECT DISTINCT subject FROM outbox WHERE operation = 'erase' AND state <> 'pending' AND finished_at >= ?
            """, [.real(since)])
    }

    /// Marks an event delivered (always applied unless already finished: the effect happened) and drops its payload.
    public func completeOutbox(_ eventID: String, result: String, at: Double) throws {
        try sql.execute("""
            UPDATE outbox SET state = 'done', result = ?, finished_at = ?, lease_owner = NULL, lease_until = NULL,
                payload = NULL
            WHERE event_id = ? AND state = 'pending'
            """, [.text(result), .real(at), .text(eventID)])
    }

    /// Releases an event for a later attempt; ignored unless `owner` still holds it.
    ///
    /// - Parameter attempt: One line for the event's attempt history (the caller's format, free of personal data).
    public func rescheduleOutbox(_ eventID: String, owner: String, attempts: Int, nextAttemptAt: Double,
                                 errorCode: String, attempt: String? = nil) throws {
        guard let log = try attemptLog(eventID, owner: owner, appending: attempt) else { return }
        try sql.execute("""
            UPDATE outbox SET attempts = ?, next_attempt_at = ?, error_code = ?, attempt_log = ?, lease_owner = NULL,
                lease_until = NULL
            WHERE event_id = ? AND state = 'pending' AND lease_owner = ?
            """, [.integer(Int64(attempts)), .real(nextAttemptAt), .text(errorCode), log.sqlValue, .text(eventID),
                  .text(owner)])
    }

    /// Moves an event to the dead-letter list; ignored unless `owner` still holds it.
    ///
    /// - Parameters:
    ///   - status: The HTTP status of the last answer, if the service answered.
    ///   - errorType: The service's error type or title in that answer.
    ///   - attempt: The last attempt's line for the history.
    public func deadLetterOutbox(_ eventID: String, owner: String, attempts: Int, errorCode: String,
                                 message: String, at: Double, status: Int? = nil, errorType: String? = nil,
                                 attempt: String? = nil) throws {
        guard let log = try attemptLog(eventID, owner: owner, appending: attempt) else { return }
        try sql.execute("""
            UPDATE outbox SET state = 'dead', attempts = ?, error_code = ?, error_message = ?, error_status = ?,
                error_type = ?, attempt_log = ?, finished_at = ?, lease_owner = NULL, lease_until = NULL
            WHERE event_id = ? AND state = 'pending' AND lease_owner = ?
            """, [.integer(Int64(attempts)), .text(errorCode), .text(message),
                  status.map { .integer(Int64($0)) } ?? .null, errorType.sqlValue, log.sqlValue, .real(at),
                  .text(eventID), .text(owner)])
    }

    /// The most lines an event's attempt history keeps (the latest).
    public static let attemptLogLimit = 20

    /// The event's attempt history with `line` appended (the latest ``attemptLogLimit`` lines), or nil when
    /// `owner` does not hold the event (the update is then ignored anyway).
    private func attemptLog(_ eventID: String, owner: String, appending line: String?) throws -> String?? {
        let rows = try sql.fetchAll("""
            SELECT attempt_log FROM outbox WHERE event_id = ? AND state = 'pending' AND lease_owner = ?
            """, [.text(eventID), .text(owner)])
        guard let row = rows.first else { return nil }
        let current: String? = row["attempt_log"]
        guard let line else { return .some(current) }
        var lines = current.map { $0.split(separator: "\n").map(String.init) } ?? []
        lines.append(line)
        return .some(lines.suffix(Self.attemptLogLimit).joined(separator: "\n"))
    }

    /// Returns leased events to the queue at once.
    public func releaseOutbox(_ eventIDs: [String], owner: String) throws {
        for id in eventIDs {
            try sql.execute("""
                UPDATE outbox SET lease_owner = NULL, lease_until = NULL
                WHERE event_id = ? AND state = 'pending' AND lease_owner = ?
                """, [.text(id), .text(owner)])
        }
    }

    /// The connectors a subject's data was actually delivered to, each with when the first delivery finished (Unix
    /// seconds): upserts and reconfirmations marked done with an `upserted` result. Read-only.
    ///
    /// An access answer names these recipients only (152-FZ art. 14 p. 7 item 5; GDPR art. 15(1)(c)); events that
    /// were skipped, failed or are still pending sent nothing.
    public func deliveredConnectors(of subject: String) throws -> [String: Double] {
        let rows = try sql.fetchAll("""
            SELECT connector, MIN(finished_at) AS first_at FROM outbox
            WHERE subject = ? AND state = 'done' AND operation IN ('upsert', 'reconfirm') AND result LIKE '{"upserted"%'
            GROUP BY connector
            """, [.text(subject)])
        var result: [String: Double] = [:]
        for row in rows {
            let connector: String = row["connector"]
            let firstAt: Double? = row["first_at"]
            result[connector] = firstAt ?? 0
        }
        return result
    }

    /// The result of the subject's latest upsert delivered to `connector` (the JSON the dispatcher recorded, which
    /// holds the service's id for the person), or nil. Read-only.
    public func lastUpsertResult(of subject: String, connector: String) throws -> String? {
        let rows = try sql.fetchAll("""
            SELECT result FROM outbox
            WHERE subject = ? AND connector = ? AND state = 'done' AND operation = 'upsert'
              AND result LIKE '{"upserted"%'
            ORDER BY finished_at DESC, id DESC LIMIT 1
            """, [.text(subject), .text(connector)])
        guard let row = rows.first else { return nil }
        let result: String? = row["result"]
        return result
    }

    /// Dead letters, newest first.
    public func deadLetters(connector: String?, limit: Int) throws -> [OutboxRow] {
        var query = "SELECT * FROM outbox WHERE state = 'dead'"
        var arguments: [SQLValue] = []
        if let connector {
            query += " AND connector = ?"
            arguments.append(.text(connector))
        }
        query += " ORDER BY finished_at DESC, id DESC LIMIT ?"
        arguments.append(.integer(Int64(limit)))
        return try sql.fetchAll(query, arguments).map(Self.outbox(from:))
    }

    /// Puts a dead letter back in the queue with its attempts reset.
    public func requeueDeadLetter(_ eventID: String, now: Double) throws -> Bool {
        try sql.execute("""
            UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL,
                attempt_log = NULL
            WHERE event_id = ? AND state = 'dead'
            """, [.real(now), .text(eventID)]) > 0
    }

    /// Counts per connector: pending (not leased), leased, done, dead, and the next due time.
    public func outboxCounts(now: Double) throws
        -> [String: (pending: Int, leased: Int, done: Int, dead: Int, nextDue: Double?)]
    {
        var result: [String: (pending: Int, leased: Int, done: Int, dead: Int, nextDue: Double?)] = [:]
        let rows = try sql.fetchAll("""
            SELECT connector,
                COUNT(CASE WHEN state = 'pending' AND (lease_until IS NULL OR lease_until <= ?) THEN 1 END) AS pending,
                COUNT(CASE WHEN state = 'pending' AND lease_until > ? THEN 1 END) AS leased,
                COUNT(CASE WHEN state = 'done' THEN 1 END) AS done, COUNT(CASE WHEN state = 'dead' THEN 1 END) AS dead,
                MIN(CASE WHEN state = 'pending' THEN next_attempt_at END) AS next_due
            FROM outbox GROUP BY connector
            """, [.real(now), .real(now)])
        for row in rows {
            result[row["connector"]] = (row["pending"], row["leased"], row["done"], row["dead"], row["next_due"])
        }
        return result
    }

    static func outbox(from row: any SQLRowReading) -> OutboxRow {
        var result = OutboxRow(
            eventID: row["event_id"], connector: row["connector"], operation: row["operation"], subject: row["subject"],
            purpose: row["purpose"], idempotencyKey: row["idempotency_key"], attempts: row["attempts"],
            nextAttemptAt: row["next_attempt_at"], createdAt: row["created_at"],
            payload: row["payload"], state: row["state"])
        result.errorCode = row["error_code"]
        result.errorMessage = row["error_message"]
        result.errorStatus = row["error_status"]
        result.errorType = row["error_type"]
        result.attemptLog = row["attempt_log"]
        result.finishedAt = row["finished_at"]
        result.result = row["result"]
        return result
    }
}
