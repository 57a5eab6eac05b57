public import Foundation
public import ConnectorKit
import Keyring
import Vault

/// The outbox kept in `vault.sqlite`, written in the same transactions as the changes it announces.
///
/// Payloads are sealed under the key ring's outbox key and dropped when an event finishes. Claims lease events in
/// one write transaction, so two processes on one vault never send the same event.
public struct VaultOutboxStore: OutboxStore {
    let vault: Vault
    let keyring: Keyring

    public func enqueue(_ events: [OutboxEvent]) async throws -> Int {
        let rows = events.map { event in
            OutboxRow(eventID: event.id, connector: event.connector, operation: event.operation.rawValue,
                      subject: event.subject, purpose: event.purpose, idempotencyKey: event.idempotencyKey,
                      attempts: event.attempts, nextAttemptAt: event.nextAttemptAt.timeIntervalSince1970,
                      createdAt: event.createdAt.timeIntervalSince1970,
                      payload: event.payload.isEmpty ? nil : keyring.sealOutboxPayload(event.payload, event: event.id))
        }
        return try await vault.write { tx in try tx.enqueueOutbox(rows) }
    }

    public func claim(connector: String, limit: Int, owner: String, now: Date, leaseUntil: Date) async throws
        -> [OutboxEvent]
    {
        let rows = try await vault.write { tx in
            try tx.claimOutbox(connector: connector, limit: limit, owner: owner, now: now.timeIntervalSince1970,
                               leaseUntil: leaseUntil.timeIntervalSince1970)
        }
        return try rows.map(event(from:))
    }

    public func markDone(_ eventID: String, owner: String, result: OutboxResult, at: Date) async throws {
        let text = String(decoding: (try? JSONEncoder().encode(result)) ?? Data(), as: UTF8.self)
        try await vault.write { tx in try tx.completeOutbox(eventID, result: text, at: at.timeIntervalSince1970) }
    }

    public func reschedule(_ eventID: String, owner: String, attempts: Int, nextAttemptAt: Date,
                           error: ConnectorError, at: Date) async throws {
        let line = Self.line(DeliveryAttempt(error, at: at))
        try await vault.write { tx in
            try tx.rescheduleOutbox(eventID, owner: owner, attempts: attempts,
                                    nextAttemptAt: nextAttemptAt.timeIntervalSince1970, errorCode: error.code.rawValue,
                                    attempt: line)
        }
    }

    public func deadLetter(_ eventID: String, owner: String, attempts: Int, error: ConnectorError, at: Date) async throws {
        let line = Self.line(DeliveryAttempt(error, at: at))
        try await vault.write { tx in
            try tx.deadLetterOutbox(eventID, owner: owner, attempts: attempts, errorCode: error.code.rawValue,
                                    message: error.message, at: at.timeIntervalSince1970, status: error.status,
                                    errorType: error.apiErrorType, attempt: line)
        }
    }

    /// One attempt as a line of the stored history (JSON on one line).
    static func line(_ attempt: DeliveryAttempt) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return (try? encoder.encode(attempt)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The stored history; lines that do not decode (written by a later version) are skipped.
    static func history(_ log: String?) -> [DeliveryAttempt] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return (log ?? "").split(separator: "\n").compactMap {
            try? decoder.decode(DeliveryAttempt.self, from: Data($0.utf8))
        }
    }

    public func release(_ eventIDs: [String], owner: String) async throws {
        try await vault.write { tx in try tx.releaseOutbox(eventIDs, owner: owner) }
    }

    public func deadLetters(connector: String?, limit: Int) async throws -> [DeadLetter] {
        let rows = try await vault.read { tx in try tx.deadLetters(connector: connector, limit: limit) }
        return try rows.map { row in
            DeadLetter(event: try event(from: row), code: ConnectorError.Code(rawValue: row.errorCode ?? "") ?? .permanent,
                       message: row.errorMessage ?? "",
                       failedAt: Date(timeIntervalSince1970: row.finishedAt ?? row.createdAt),
                       status: row.errorStatus, apiErrorType: row.errorType, history: Self.history(row.attemptLog))
        }
    }

    public func requeueDeadLetter(_ eventID: String, now: Date) async throws -> Bool {
        try await vault.write { tx in try tx.requeueDeadLetter(eventID, now: now.timeIntervalSince1970) }
    }

    public func stats(now: Date) async throws -> OutboxStats {
        let counts = try await vault.read { tx in try tx.outboxCounts(now: now.timeIntervalSince1970) }
        var stats = OutboxStats()
        for (connector, count) in counts {
            var entry = OutboxStats.Counts(pending: count.pending, leased: count.leased, done: count.done,
                                           deadLettered: count.dead)
            entry.nextDueAt = count.nextDue.map { Date(timeIntervalSince1970: $0) }
            stats.connectors[connector] = entry
            if let due = entry.nextDueAt { stats.nextDueAt = min(stats.nextDueAt ?? due, due) }
        }
        return stats
    }

    func event(from row: OutboxRow) throws -> OutboxEvent {
        let payload = try row.payload.map { try keyring.openOutboxPayload($0, event: row.eventID) } ?? []
        return OutboxEvent(
            id: row.eventID, connector: row.connector,
            operation: OutboxEvent.Operation(rawValue: row.operation) ?? .upsert, subject: row.subject,
            purpose: row.purpose, idempotencyKey: row.idempotencyKey, attempts: row.attempts,
            nextAttemptAt: Date(timeIntervalSince1970: row.nextAttemptAt),
            createdAt: Date(timeIntervalSince1970: row.createdAt), payload: payload,
            history: Self.history(row.attemptLog))
    }
}
