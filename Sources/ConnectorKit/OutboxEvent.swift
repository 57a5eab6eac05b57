public import Foundation

/// One change to propagate to one connector, as the outbox stores it.
///
/// Written in the same transaction as the vault change. ``payload`` is opaque to the store (the vault seals it
/// at rest); for ``Operation/suppress`` and ``Operation/erase`` it is the JSON of a ``PersonRef`` (see
/// ``OutboxPayload``), because after erasure the vault can no longer produce the e-mail or phone. For
/// ``Operation/upsert`` and ``Operation/reconfirm`` it may be empty: the dispatcher asks a ``PersonResolver`` at
/// send time.
public struct OutboxEvent: Sendable, Codable, Equatable, Identifiable {
    /// What to do at the connector.
    public enum Operation: String, Sendable, Codable, CaseIterable {
        case upsert
        case suppress
        case erase
        /// Ask a person with legacy consent to confirm through the service's own double opt-in (the service sends
        /// its confirmation e-mail); resolved at send time like an upsert.
        case reconfirm
    }

    /// The event id, unique in the store.
    public var id: String
    /// The connector name.
    public var connector: String
    /// What to do.
    public var operation: Operation
    /// The pseudonymous subject id.
    public var subject: String
    /// The purpose the event serves.
    public var purpose: String
    /// Events with the same key have one effect: the store accepts the first and ignores the rest.
    public var idempotencyKey: String
    /// Delivery attempts that failed so far (rate limits not counted).
    public var attempts: Int
    /// When the event is due next.
    public var nextAttemptAt: Date
    /// When the event was written.
    public var createdAt: Date
    /// Opaque bytes the store keeps (sealed at rest by the vault).
    public var payload: [UInt8]
    /// The failed attempts so far, oldest first, as the store keeps them (empty on a first attempt).
    public var history: [DeliveryAttempt] = []

    /// Whether an earlier attempt ended without any answer (a dropped connection, a timeout): the service may have
    /// applied that request, so a later "not found" can be the effect of pdgate's own earlier attempt.
    public var mayHaveBeenApplied: Bool { history.contains { $0.status == nil && $0.code == .transient } }

    /// Creates an event; the idempotency key defaults to the id.
    public init(
        id: String,
        connector: String,
        operation: Operation,
        subject: String,
        purpose: String,
        idempotencyKey: String? = nil,
        attempts: Int = 0,
        nextAttemptAt: Date,
        createdAt: Date? = nil,
        payload: [UInt8] = [],
        history: [DeliveryAttempt] = []
    ) {
        self.id = id
        self.connector = connector
        self.operation = operation
        self.subject = subject
        self.purpose = purpose
        self.idempotencyKey = idempotencyKey ?? id
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt ?? nextAttemptAt
        self.payload = payload
        self.history = history
    }
}
