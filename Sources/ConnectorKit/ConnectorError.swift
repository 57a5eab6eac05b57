public import Foundation

/// An error from a connector or the outbox, with a stable code the dispatcher decides retries from.
///
/// Messages name the connector, the operation, the HTTP status and the API's error *type* (such as
/// `Member Exists` or `invalid_api_key`), never its detail text, which can echo an e-mail address, and never
/// a name, e-mail or phone.
public struct ConnectorError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable error code.
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// The service throttled us (HTTP 429 or its own limit error); retry after ``ConnectorError/retryAfter``
        /// or a client-side backoff. Does not use up the event's attempts.
        case rateLimited
        /// A failure that may pass: 5xx, timeout, refused or dropped connection, a 412 conflict.
        case transient
        /// A request the service rejected and that retrying cannot fix (4xx validation, forgotten member, ...).
        case permanent
        /// The credentials were refused or lack a right (401, 403, or the API's auth error).
        case unauthorized
        /// The service proved the person absent with its documented "not found" for that very call (Mailchimp's
        /// `Resource Not Found` problem on a member route, UniSender's `Contact … not found`, Voximplant's 251).
        /// A bare 404 from a route that should exist is never this: it is ``invalidResponse`` and is retried.
        case notFound
        /// The connector or registry configuration is wrong (missing key, bad URL, insecure secret file).
        case invalidConfiguration
        /// The service answered with something the connector cannot read.
        case invalidResponse
    }

    /// The stable code.
    public let code: Code
    /// A message without personal data.
    public let message: String
    /// The HTTP status, when the error came from a response.
    public let status: Int?
    /// The API's own error type or code, when it is a short token (never free text).
    public let apiErrorType: String?
    /// For ``Code/rateLimited``: how long the service asked us to wait, if it said.
    public let retryAfter: Duration?

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        status: Int? = nil,
        apiErrorType: String? = nil,
        retryAfter: Duration? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.apiErrorType = apiErrorType.flatMap(Self.sanitizedType)
        self.retryAfter = retryAfter
    }

    /// A rate-limit error, optionally with the service's `Retry-After`.
    public static func rateLimited(retryAfter: Duration?, _ message: String, status: Int? = 429) -> Self {
        Self(.rateLimited, message, status: status, retryAfter: retryAfter)
    }

    /// Whether retrying the same request later can succeed.
    public var isRetryable: Bool {
        switch code {
        case .rateLimited, .transient: true
        case .permanent, .unauthorized, .notFound, .invalidConfiguration, .invalidResponse: false
        }
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let status { text += " (HTTP \(status)" + (apiErrorType.map { ", \($0))" } ?? ")") }
        else if let apiErrorType { text += " (\(apiErrorType))" }
        return text
    }

    /// Keeps an API error type only if it looks like a token or a short title, so that no address, phone or
    /// name an API puts in its detail text can slip into logs through it.
    static func sanitizedType(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 64 else { return nil }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.")
        guard trimmed.allSatisfy({ allowed.contains($0) }) else { return nil }
        return trimmed
    }

    /// Maps an HTTP status to an error for APIs without a richer error body.
    ///
    /// 401/403 → unauthorized, 408/409/412/425 → transient, 429 → rateLimited (with `Retry-After`), other 4xx →
    /// permanent, 5xx → transient. A 404 or 410 is ``Code/notFound`` only when the caller has checked that it is
    /// the service's documented "not found" for this call (`documentedNotFound`); otherwise it is ambiguous (a
    /// wrong path, a proxy, a service that moved the route) and becomes ``Code/invalidResponse``, which is retried
    /// and ends as a dead letter, never as "the person is absent".
    public static func from(
        response: TransportResponse,
        connector: String,
        operation: String,
        apiErrorType: String? = nil,
        documentedNotFound: Bool = false,
        now: Date = Date()
    ) -> Self {
        let status = response.status
        let what = "\(connector) \(operation) failed"
        switch status {
        case 401, 403:
            return Self(.unauthorized, "\(what): credentials refused", status: status, apiErrorType: apiErrorType)
        case 404 where documentedNotFound, 410 where documentedNotFound:
            return Self(.notFound, "\(what): not found", status: status, apiErrorType: apiErrorType)
        case 404, 410:
            return Self(.invalidResponse, "\(what): an undocumented not-found (wrong path or route missing), "
                        + "not proof of absence", status: status, apiErrorType: apiErrorType)
        case 429:
            return Self(.rateLimited, "\(what): rate limited", status: status, apiErrorType: apiErrorType,
                        retryAfter: response.retryAfter(now: now))
        case 408, 409, 412, 425:
            return Self(.transient, "\(what): retryable conflict", status: status, apiErrorType: apiErrorType)
        case 400..<500:
            return Self(.permanent, "\(what): request rejected", status: status, apiErrorType: apiErrorType)
        case 500..<600:
            return Self(.transient, "\(what): server error", status: status, apiErrorType: apiErrorType,
                        retryAfter: response.retryAfter(now: now))
        default:
            return Self(.invalidResponse, "\(what): unexpected status", status: status, apiErrorType: apiErrorType)
        }
    }
}
