/// One outbox event as stored: written in the same transaction as the vault change it announces.
///
/// The payload (a person reference for suppressions and erasures) is sealed by the caller before it is stored,
/// and dropped once the event is finished.
public struct OutboxRow: Sendable, Equatable {
    public var eventID: String
    public var connector: String
    public var operation: String
    public var subject: String
    public var purpose: String
    public var idempotencyKey: String
    public var attempts: Int
    /// Unix seconds (fractional).
    public var nextAttemptAt: Double
    public var createdAt: Double
    public var payload: [UInt8]?
    /// `pending`, `done` or `dead`.
    public var state: String
    public var errorCode: String?
    public var errorMessage: String?
    /// For a dead letter: the HTTP status of the last answer, if the service answered.
    public var errorStatus: Int?
    /// For a dead letter: the service's error type or title in the last answer.
    public var errorType: String?
    /// The history of failed attempts, one line each, oldest first (see `rescheduleOutbox`).
    public var attemptLog: String?
    public var finishedAt: Double?
    public var result: String?

    public init(eventID: String, connector: String, operation: String, subject: String, purpose: String,
                idempotencyKey: String, attempts: Int = 0, nextAttemptAt: Double, createdAt: Double,
                payload: [UInt8]?, state: String = "pending") {
        self.eventID = eventID
        self.connector = connector
        self.operation = operation
        self.subject = subject
        self.purpose = purpose
        self.idempotencyKey = idempotencyKey
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.payload = payload
        self.state = state
    }
}
