public import Foundation

/// Durable storage of outbox events, shared safely by several dispatchers (processes).
///
/// The vault implements it over SQLite or PostgreSQL (`SELECT … FOR UPDATE SKIP LOCKED`);
/// ``InMemoryOutboxStore`` is the reference implementation and test fake. Rules every implementation keeps:
/// - **Leases.** ``claim(connector:limit:owner:now:leaseUntil:)`` hands an event to one owner until the lease
///   expires; while it is live no other owner can claim it, so two processes never send the same event at
///   once. An owner that dies leaves its events to be claimed again after expiry.
/// - **Order per person.** Among the unfinished events of one connector and one subject, only the oldest
///   can be claimed, so an erasure is never overtaken by an older upsert's retry.
/// - **Once.** A done or dead-lettered event is never claimed again, and an event whose idempotency key is
///   already stored is ignored on enqueue.
/// - **Stale owners.** ``reschedule(_:owner:attempts:nextAttemptAt:error:at:)`` and
///   ``deadLetter(_:owner:attempts:error:at:)`` from an owner that no longer holds the lease are ignored;
///   ``markDone(_:owner:result:at:)`` is always applied (the effect happened) unless the event is finished.
public protocol OutboxStore: Sendable {
    /// Adds events, ignoring those whose idempotency key is already stored.
    ///
    /// The gateway writes events in the vault transaction itself; this is for tools and tests.
    /// - Returns: How many events were added.
    func enqueue(_ events: [OutboxEvent]) async throws -> Int

    /// Leases up to `limit` due events of one connector to `owner` until `leaseUntil`, oldest first.
    func claim(connector: String, limit: Int, owner: String, now: Date, leaseUntil: Date) async throws
        -> [OutboxEvent]

    /// Marks an event delivered and records what it achieved.
    func markDone(_ eventID: String, owner: String, result: OutboxResult, at: Date) async throws

    /// Releases an event for a later attempt, adding the failed attempt (`error` at `at`) to its history.
    func reschedule(
        _ eventID: String,
        owner: String,
        attempts: Int,
        nextAttemptAt: Date,
        error: ConnectorError,
        at: Date
    ) async throws

    /// Gives up on an event and keeps it in the dead-letter list with the error: its code, message, HTTP status,
    /// the service's error type, and the history of attempts ending with this one.
    func deadLetter(_ eventID: String, owner: String, attempts: Int, error: ConnectorError, at: Date) async throws

    /// Returns leased events to the queue at once (a dispatcher shutting down cleanly).
    func release(_ eventIDs: [String], owner: String) async throws

    /// The dead-letter list, newest first.
    func deadLetters(connector: String?, limit: Int) async throws -> [DeadLetter]

    /// Puts a dead-lettered event back in the queue with its attempts reset (after the cause was fixed).
    ///
    /// - Returns: Whether the event was a dead letter.
    func requeueDeadLetter(_ eventID: String, now: Date) async throws -> Bool

    /// Counts by connector and state.
    func stats(now: Date) async throws -> OutboxStats
}
