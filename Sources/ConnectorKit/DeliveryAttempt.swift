public import Foundation

/// One failed delivery attempt of an outbox event, as kept in its history: when, the error code, the HTTP status
/// and the service's error type. Never a message text, so never personal data.
public struct DeliveryAttempt: Sendable, Codable, Equatable {
    /// When the attempt failed.
    public var at: Date
    /// The error code.
    public var code: ConnectorError.Code
    /// The HTTP status, when the service answered.
    public var status: Int?
    /// The service's error type or title (a sanitized token, such as `Resource Not Found` or `invalid_arg`).
    public var apiErrorType: String?

    /// Creates an entry.
    public init(at: Date, code: ConnectorError.Code, status: Int? = nil, apiErrorType: String? = nil) {
        self.at = at
        self.code = code
        self.status = status
        self.apiErrorType = apiErrorType
    }

    /// The entry for a failed attempt that ended with `error` at `at`.
    public init(_ error: ConnectorError, at: Date) {
        self.init(at: at, code: error.code, status: error.status, apiErrorType: error.apiErrorType)
    }

    /// The most entries a history keeps (the latest ones).
    public static let historyLimit = 20

    /// `history` with `attempt` appended, keeping the latest ``historyLimit`` entries.
    public static func appending(_ attempt: DeliveryAttempt, to history: [DeliveryAttempt]) -> [DeliveryAttempt] {
        Array((history + [attempt]).suffix(historyLimit))
    }

    /// A one-line description: `2026-12-06T01:02:03Z invalidResponse HTTP 404 (Resource Not Found)`.
    public var summary: String {
        var text = "\(at.formatted(.iso8601)) \(code.rawValue)"
        if let status { text += " HTTP \(status)" }
        if let apiErrorType { text += " (\(apiErrorType))" }
        return text
    }
}
