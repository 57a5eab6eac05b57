public import Hummingbird
public import Gateway

/// The only place gateway error codes become HTTP statuses.
///
/// `refused` is 403 (the refusal is already in the audit log), `notFound` 404, `invalidArgument` 422 (the request was
/// well-formed; a value in it is not acceptable), `malformedInput` 400. Server-side faults are 500 with the code
/// kept and a generic message, so no path or internal detail reaches a client.
extension GatewayError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch code {
        case .refused: .forbidden
        case .notFound: .notFound
        case .invalidArgument: .unprocessableContent
        case .malformedInput: .badRequest
        case .alreadyInitialised, .suppressed: .conflict
        case .notInitialised, .policy, .storage, .crypto: .internalServerError
        }
    }

    /// The `error.code` of the JSON body.
    public var apiCode: String {
        switch code {
        case .refused: "refused"
        case .suppressed: "suppressed"
        case .notFound: "not_found"
        case .invalidArgument: "invalid_argument"
        case .malformedInput: "bad_request"
        case .alreadyInitialised: "already_initialised"
        case .notInitialised: "not_initialised"
        case .policy: "policy"
        case .storage: "storage"
        case .crypto: "crypto"
        }
    }

    /// The message a client sees: the gateway's own for client errors, a generic one for server faults.
    public var apiMessage: String {
        status.code >= 500 ? "the gateway could not complete the operation (\(code.rawValue)); see the server log"
            : message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        ErrorBody.response(status: status, code: apiCode, message: apiMessage)
    }
}

extension APIError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        ErrorBody.response(status: status, code: code, message: message, headers: headers)
    }
}
