public import Hummingbird

/// An error the server itself raises (authentication, limits, content types, malformed requests), with a stable
/// code and an HTTP status. Messages never echo request values.
public struct APIError: Error, Sendable, CustomStringConvertible {
    /// The stable code clients match on, sent as `error.code`.
    public let code: String
    public let status: HTTPResponse.Status
    public let message: String
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPFields = [:]

    /// An error with its code, status and a message that names no personal value.
    public init(code: String, status: HTTPResponse.Status, message: String, headers: HTTPFields = [:]) {
        self.code = code
        self.status = status
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(code) (\(status.code)): \(message)" }

    /// 400: the request cannot be read (bad JSON, a missing or mistyped member, a bad parameter).
    static func badRequest(_ message: String) -> APIError {
        APIError(code: "bad_request", status: .badRequest, message: message)
    }

    /// 401: no credentials, or credentials that do not authenticate.
    static func unauthorized(_ message: String) -> APIError {
        APIError(code: "unauthorized", status: .unauthorized, message: message,
                 headers: [.wwwAuthenticate: #"Bearer realm="pdgate""#])
    }

    /// 403 outside the gateway's own refusals (a console form without its CSRF token, a cross-site post).
    static func forbidden(_ message: String) -> APIError {
        APIError(code: "forbidden", status: .forbidden, message: message)
    }

    /// 404.
    static func notFound(_ message: String) -> APIError {
        APIError(code: "not_found", status: .notFound, message: message)
    }

    /// 409: the request is in a state that does not allow the action.
    static func invalidTransition(_ message: String) -> APIError {
        APIError(code: "invalid_transition", status: .conflict, message: message)
    }

    /// 413.
    static func payloadTooLarge(limit: Int) -> APIError {
        APIError(code: "payload_too_large", status: .contentTooLarge,
                 message: "the request body is larger than \(limit) bytes")
    }

    /// 415.
    static func unsupportedMediaType(_ expected: String) -> APIError {
        APIError(code: "unsupported_media_type", status: .unsupportedMediaType,
                 message: "send the body as \(expected)")
    }

    /// 422: well-formed, but a value is not acceptable.
    static func validation(_ message: String) -> APIError {
        APIError(code: "validation_failed", status: .unprocessableContent, message: message)
    }

    /// 429 with `Retry-After`.
    static func tooManyFailures(retryAfter seconds: Int) -> APIError {
        APIError(code: "too_many_requests", status: .tooManyRequests,
                 message: "too many failed authentications from this address; retry in \(seconds) s",
                 headers: [.retryAfter: "\(seconds)"])
    }
}
