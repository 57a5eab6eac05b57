public import Foundation

/// An event the dispatcher gave up on, kept visible for the operator.
///
/// It keeps what the operator needs to find the cause without personal data: the last error's code, message, HTTP
/// status and the service's error type or title, and the history of the failed attempts before it.
public struct DeadLetter: Sendable, Codable, Equatable {
    /// The event as it was when it failed for the last time.
    public var event: OutboxEvent
    /// The code of the last error.
    public var code: ConnectorError.Code
    /// The last error's message (free of personal data by construction).
    public var message: String
    /// When it was dead-lettered.
    public var failedAt: Date
    /// The HTTP status of the last answer, when the service answered.
    public var status: Int?
    /// The service's error type or title in the last answer (`Resource Not Found`, `invalid_arg`, ...).
    public var apiErrorType: String?
    /// Every failed attempt, oldest first, the last one included (at most ``DeliveryAttempt/historyLimit``).
    public var history: [DeliveryAttempt]

    /// Creates a dead letter.
    public init(event: OutboxEvent, code: ConnectorError.Code, message: String, failedAt: Date, status: Int? = nil,
                apiErrorType: String? = nil, history: [DeliveryAttempt] = []) {
        self.event = event
        self.code = code
        self.message = message
        self.failedAt = failedAt
        self.status = status
        self.apiErrorType = apiErrorType
        self.history = history
    }
}
