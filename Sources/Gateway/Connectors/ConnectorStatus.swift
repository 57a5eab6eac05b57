public import ConnectorKit
public import Foundation

/// What the outbox holds for each connector, and the events it gave up on, without any personal data.
///
/// Dead letters are listed by pseudonymous subject id; the sealed payload (the e-mail or phone an erasure or
/// suppression needs) never leaves the vault.
public struct ConnectorStatus: Sendable, Codable, Equatable {
    /// One event the dispatcher gave up on.
    public struct DeadLetterSummary: Sendable, Codable, Equatable {
        /// The event id, for `requeue`.
        public var event: String
        public var connector: String
        public var operation: OutboxEvent.Operation
        /// The pseudonymous subject id.
        public var subject: String
        public var purpose: String
        /// Failed delivery attempts.
        public var attempts: Int
        /// The last error's code and message (free of personal data by construction).
        public var code: ConnectorError.Code
        public var message: String
        /// The HTTP status of the last answer, when the service answered.
        public var status: Int?
        /// The service's error type or title in the last answer (`Resource Not Found`, `invalid_arg`, ...).
        public var apiErrorType: String?
        /// The failed attempts, oldest first, the last one included.
        public var history: [DeliveryAttempt]
        public var createdAt: Date
        public var failedAt: Date

        /// A summary of `letter` that drops its payload.
        public init(_ letter: DeadLetter) {
            event = letter.event.id
            connector = letter.event.connector
            operation = letter.event.operation
            subject = letter.event.subject
            purpose = letter.event.purpose
            attempts = letter.event.attempts
            code = letter.code
            message = letter.message
            status = letter.status
            apiErrorType = letter.apiErrorType
            history = letter.history
            createdAt = letter.event.createdAt
            failedAt = letter.failedAt
        }
    }

    public var version = 1
    /// Connectors configured on this gateway, with the purposes each serves.
    public var routes: [String: [String]]
    /// Queue counts per connector.
    public var outbox: OutboxStats
    /// The most recent dead letters, newest first.
    public var deadLetters: [DeadLetterSummary]
}
