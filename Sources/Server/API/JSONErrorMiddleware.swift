import Foundation
import Hummingbird
import Gateway
import Logging

/// Turns every error into the API's JSON error shape, `{ "error": { "code", "message" } }`.
///
/// Gateway errors keep their own message (it names fields and pseudonyms, never values); framework errors get the
/// status's reason phrase; anything unexpected is a 500 whose detail stays in the log (its type only).
struct JSONErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, logger: context.logger)
        }
    }

    /// The JSON response for an error.
    static func response(for error: any Error, logger: Logger) -> Response {
        switch error {
        case let error as APIError:
            return ErrorBody.response(status: error.status, code: error.code, message: error.message,
                                      headers: error.headers)
        case let error as GatewayError:
            if error.status.code >= 500 {
                logger.error("Gateway failure", metadata: ["pdgate.error.code": "\(error.code.rawValue)",
                                                           "pdgate.error.message": "\(error.message)"])
            }
            return ErrorBody.response(status: error.status, code: error.apiCode, message: error.apiMessage)
        case let error as any HTTPResponseError:
            let headers = (error as? HTTPError)?.headers ?? [:]
            let status = error.status
            return ErrorBody.response(status: status, code: code(for: status), message: message(for: status),
                                      headers: headers)
        case is DecodingError:
            return ErrorBody.response(status: .badRequest, code: "bad_request", message: "the body is not valid JSON")
        default:
            logger.error("Unexpected failure", metadata: ["pdgate.error.type": "\(type(of: error))"])
            return ErrorBody.response(status: .internalServerError, code: "internal",
                                      message: "the server could not complete the request; see the server log")
        }
    }

    /// The error code of a status raised by the framework.
    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "validation_failed"
        case 429: "too_many_requests"
        case 500..<600: "internal"
        default: "http_\(status.code)"
        }
    }

    static func message(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "no such route; see /openapi.json"
        case 413: "the request body is too large"
        default: status.reasonPhrase.lowercased()
        }
    }
}
