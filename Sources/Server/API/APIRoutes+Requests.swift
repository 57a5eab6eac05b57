import Foundation
import Hummingbird
import Gateway
import Policy
import Requests

extension APIRoutes {
    /// `POST /v1/requests`: a request found by the person's e-mail or phone.
    struct CreateRequestBody: Decodable {
        var kind: String
        var email: String?
        var phone: String?
        var jurisdiction: String?
        var channel: String?
        var field: String?
        var newValue: String?
        /// The day the request was received, `YYYY-MM-DD`, when registered later; the deadline counts from it.
        var receivedOn: String?
    }

    /// `POST /v1/requests/{reference}/verify`.
    struct VerifyBody: Decodable {
        var method: String
    }

    /// `POST /v1/requests/{reference}/run` (the body is optional).
    struct RunBody: Decodable {
        var language: String?
    }

    /// `POST /v1/requests/{reference}/refuse` and `/extend`.
    struct ReasonBody: Decodable {
        var reason: String
    }

    /// A list of requests.
    struct RequestList: Encodable {
        var requests: [RequestResource]
    }

    /// What running a request produced. The bundle and the act are downloaded from their links; the delivery key is
    /// shown here once and must reach the person by another channel than the bundle.
    struct RunResult: Encodable {
        struct Erasure: Encodable {
            var shredded: Bool
            var heldFields: [String]
            var holdEnds: Date?
            var act: String?
        }

        var request: RequestResource
        var deliveryKey: String?
        var manifestSHA256: String?
        var erasure: Erasure?
    }

    // MARK: Handlers

    @Sendable func listRequests(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let requests = try await gateway.listRequests(overdueOnly: try Self.flag(request, "overdue"),
                                                      openOnly: try Self.flag(request, "open"), principal: principal)
        return try JSONResponse.make(RequestList(requests: requests.map(resource)))
    }

    @Sendable func createRequest(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await RequestBodyDecoder.json(CreateRequestBody.self, from: request)
        guard let kind = RequestKind(rawValue: body.kind), SubjectRequest.kinds.contains(kind) else {
            throw APIError.validation(
                "kind must be access, erasure, rectification, restriction, objection, stop_processing or withdrawal")
        }
        let channel = body.channel ?? "api"
        try Self.checkLabels(channel: channel, source: "api")
        let receivedOn = try body.receivedOn.map { text in
            guard let day = CalendarDay(iso: text) else { throw APIError.validation("receivedOn is a day, YYYY-MM-DD") }
            return day
        }
        let created = try await gateway.createRequest(
            kind: kind, lookup: try Self.lookup(email: body.email, phone: body.phone),
            jurisdiction: body.jurisdiction ?? "RU", channel: channel, field: body.field, newValue: body.newValue,
            receivedOn: receivedOn, principal: principal)
        var response = try JSONResponse.make(resource(created), status: .created)
        response.headers[.location] = "/v1/requests/\(created.reference)"
        return response
    }

    @Sendable func showRequest(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let found = try await gateway.request(try Self.reference(context), principal: principal)
        return try JSONResponse.make(resource(found))
    }

    @Sendable func verifyRequest(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try Self.reference(context)
        let body = try await RequestBodyDecoder.json(VerifyBody.self, from: request)
        let verified = try await RequestTransitions(gateway: gateway).perform(.verify, reference, principal) {
            try await gateway.verifyRequest(reference, method: body.method, principal: principal)
        }
        return try JSONResponse.make(resource(verified))
    }

    @Sendable func runRequest(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try Self.reference(context)
        let body = try await RequestBodyDecoder.json(RunBody.self, from: request, fallback: RunBody())
        let language = try Self.language(body.language)
        let result = try await RequestTransitions(gateway: gateway).perform(.run, reference, principal) {
            try await gateway.runRequest(reference, language: language, principal: principal)
        }
        return try JSONResponse.make(runResult(result))
    }

    @Sendable func refuseRequest(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try Self.reference(context)
        let body = try await RequestBodyDecoder.json(ReasonBody.self, from: request)
        let refused = try await RequestTransitions(gateway: gateway).perform(.refuse, reference, principal) {
            try await gateway.refuseRequest(reference, reason: body.reason, principal: principal)
        }
        return try JSONResponse.make(resource(refused))
    }

    @Sendable func extendRequest(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try Self.reference(context)
        let body = try await RequestBodyDecoder.json(ReasonBody.self, from: request)
        let extended = try await RequestTransitions(gateway: gateway).perform(.extend, reference, principal) {
            try await gateway.extendRequest(reference, reason: body.reason, principal: principal)
        }
        return try JSONResponse.make(resource(extended))
    }

    @Sendable func downloadBundle(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try Self.reference(context)
        let file = try await gateway.accessBundleFile(for: reference, principal: principal)
        return try await Downloads.file(file, name: "\(reference).bundle", type: "application/octet-stream",
                                        context: context)
    }

    @Sendable func downloadAct(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try Self.reference(context)
        let formatName = request.uri.queryParameters.get("format") ?? "html"
        guard let format = Gateway.ActFormat(rawValue: formatName) else {
            throw APIError.badRequest("format is html, md or json")
        }
        let file = try await gateway.destructionActFile(for: reference, format: format, principal: principal)
        return try await Downloads.file(file, name: file.lastPathComponent, type: Downloads.contentType(of: format),
                                        context: context)
    }

    // MARK: Helpers

    /// The language asked for, or `nil` for the request's jurisdiction's own (one language per document).
    static func language(_ text: String?) throws -> Language? {
        guard let text else { return nil }
        guard let language = Language(rawValue: text) else { throw APIError.validation("language is ru or en") }
        return language
    }

    func runResult(_ result: RequestRunResult) -> RunResult {
        RunResult(
            request: resource(result.request), deliveryKey: result.deliveryKey,
            manifestSHA256: result.manifestSHA256,
            erasure: result.erasure.map {
                RunResult.Erasure(shredded: $0.shredded, heldFields: $0.heldFields, holdEnds: $0.holdEnds, act: $0.act)
            })
    }

    /// A request as the API shows it, with its deadline status in its jurisdiction's time zone.
    func resource(_ request: SubjectRequest) -> RequestResource {
        RequestResource(request: request, status: gateway.deadlineStatus(of: request))
    }
}
