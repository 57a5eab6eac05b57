public import Foundation

/// An event the dispatcher gave up on, kept visible for the operator.
public struct DeadLetter: Sendable, Codable, Equatable {
    /// The event as it was when it failed for the last time.
    public var event: OutboxEvent
    /// The code of the last error.
    public var code: ConnectorError.Code
    /// The last error's message (free of personal data by construction).
    public var message: String
    /// When it was dead-lettered.
    public var failedAt: Date

    /// Creates a dead letter.
    public init(event: OutboxEvent, code: ConnectorError.Code, message: String, failedAt: Date) {
        self.event = event
        self.code = code
        self.message = message
        self.failedAt = failedAt
    }
}
