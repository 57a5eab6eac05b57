public import Foundation
public import ConnectorKit

/// An ``OutboxStore`` in memory: the reference implementation of the store's rules, for tests and tools.
///
/// Several ``OutboxDispatcher``s may share one instance, like several processes sharing a database.
public actor InMemoryOutboxStore: OutboxStore {
    fileprivate enum State: Equatable {
        case pending
        case leased(owner: String, until: Date)
        case done(OutboxResult)
        case dead
    }

    private struct Entry {
        var event: OutboxEvent
        var state: State
        var lastError: ConnectorError.Code?
        var history: [DeliveryAttempt] = []
    }

    private var entries: [String: Entry] = [:]
    private var order: [String: [String]] = [:]   // connector → unfinished event ids, oldest first
    private var keys: Set<String> = []
    private var dead: [DeadLetter] = []

    /// Creates an empty store.
    public init() {}

    public func enqueue(_ events: [OutboxEvent]) -> Int {
        var added = 0
        for event in events where !keys.contains(event.idempotencyKey) && entries[event.id] == nil {
            keys.insert(event.idempotencyKey)
            entries[event.id] = Entry(event: event, state: .pending)
            order[event.connector, default: []].append(event.id)
            added += 1
        }
        return added
    }

    public func claim(connector: String, limit: Int, owner: String, now: Date, leaseUntil: Date) -> [OutboxEvent] {
        guard limit > 0, var ids = order[connector] else { return [] }
        ids.removeAll { id in
            switch entries[id]?.state {
            case .done, .dead, nil: true
            default: false
            }
        }
        order[connector] = ids
        var claimed: [OutboxEvent] = []
        var blockedSubjects: Set<String> = []
        for id in ids {
            guard claimed.count < limit, var entry = entries[id] else { break }
            let subject = entry.event.subject
            guard blockedSubjects.insert(subject).inserted else { continue }
            let claimable: Bool
            switch entry.state {
            case .pending: claimable = entry.event.nextAttemptAt <= now
            case .leased(_, let until): claimable = until <= now
            case .done, .dead: claimable = false
            }
            guard claimable else { continue }
            entry.state = .leased(owner: owner, until: leaseUntil)
            entries[id] = entry
            var event = entry.event
            event.history = entry.history
            claimed.append(event)
        }
        return claimed
    }

    public func markDone(_ eventID: String, owner: String, result: OutboxResult, at: Date) {
        guard var entry = entries[eventID] else { return }
        switch entry.state {
        case .done, .dead: return
        case .pending, .leased: break
        }
        entry.state = .done(result)
        entries[eventID] = entry
    }

    public func reschedule(
        _ eventID: String,
        owner: String,
        attempts: Int,
        nextAttemptAt: Date,
        error: ConnectorError,
        at: Date
    ) {
        guard var entry = entries[eventID], entry.state.isLeased(by: owner) else { return }
        entry.event.attempts = attempts
        entry.event.nextAttemptAt = nextAttemptAt
        entry.lastError = error.code
        entry.history = DeliveryAttempt.appending(DeliveryAttempt(error, at: at), to: entry.history)
        entry.state = .pending
        entries[eventID] = entry
    }

    public func deadLetter(_ eventID: String, owner: String, attempts: Int, error: ConnectorError, at: Date) {
        guard var entry = entries[eventID], entry.state.isLeased(by: owner) else { return }
        entry.event.attempts = attempts
        entry.lastError = error.code
        entry.history = DeliveryAttempt.appending(DeliveryAttempt(error, at: at), to: entry.history)
        entry.state = .dead
        entries[eventID] = entry
        dead.append(DeadLetter(event: entry.event, code: error.code, message: error.message, failedAt: at,
                               status: error.status, apiErrorType: error.apiErrorType, history: entry.history))
    }

    public func release(_ eventIDs: [String], owner: String) {
        for id in eventIDs {
            guard var entry = entries[id], entry.state.isLeased(by: owner) else { continue }
            entry.state = .pending
            entries[id] = entry
        }
    }

    public func deadLetters(connector: String?, limit: Int) -> [DeadLetter] {
        Array(dead.reversed().filter { connector == nil || $0.event.connector == connector }.prefix(limit))
    }

    public func requeueDeadLetter(_ eventID: String, now: Date) -> Bool {
        guard var entry = entries[eventID], entry.state == .dead else { return false }
        entry.state = .pending
        entry.event.attempts = 0
        entry.event.nextAttemptAt = now
        entry.history = []
        entries[eventID] = entry
        dead.removeAll { $0.event.id == eventID }
        // Put it back in order by creation time so the per-subject order still holds.
        var ids = order[entry.event.connector, default: []]
        let created = entry.event.createdAt
        let index = ids.firstIndex { (entries[$0]?.event.createdAt ?? .distantPast) > created } ?? ids.endIndex
        ids.insert(eventID, at: index)
        order[entry.event.connector] = ids
        return true
    }

    public func stats(now: Date) -> OutboxStats {
        var stats = OutboxStats()
        for entry in entries.values {
            var counts = stats.connectors[entry.event.connector, default: .init()]
            var due: Date?
            switch entry.state {
            case .pending:
                counts.pending += 1
                due = entry.event.nextAttemptAt
            case .leased(_, let until):
                if until > now { counts.leased += 1 } else { counts.pending += 1 }
                due = until
            case .done:
                counts.done += 1
            case .dead:
                counts.deadLettered += 1
            }
            if let due {
                stats.nextDueAt = min(stats.nextDueAt ?? due, due)
                counts.nextDueAt = min(counts.nextDueAt ?? due, due)
            }
            stats.connectors[entry.event.connector] = counts
        }
        return stats
    }

    /// What a delivered event achieved, or `nil` if it is not done.
    public func result(of eventID: String) -> OutboxResult? {
        if case .done(let result) = entries[eventID]?.state { return result }
        return nil
    }

    /// The event as stored now (attempts and next attempt updated).
    public func event(_ eventID: String) -> OutboxEvent? { entries[eventID]?.event }

    /// The failed attempts of an event so far, oldest first.
    public func history(of eventID: String) -> [DeliveryAttempt] { entries[eventID]?.history ?? [] }
}

extension InMemoryOutboxStore.State {
    fileprivate func isLeased(by owner: String) -> Bool {
        if case .leased(let holder, _) = self { return holder == owner }
        return false
    }
}
