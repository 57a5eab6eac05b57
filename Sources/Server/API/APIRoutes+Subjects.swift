import Core
import Foundation
import Hummingbird
import Gateway
import Keyring
import Vault

extension APIRoutes {
    /// `POST /v1/subjects`: a person from a web form, with the consents given on it.
    struct CreateSubjectBody: Decodable {
        struct Capture: Decodable {
            var channel: String?
            var source: String?
            var evidence: String?
        }

        var fields: [String: String]
        var consents: [String]?
        var capture: Capture?
    }

    /// `POST /v1/subjects/search`: exactly one of `email` and `phone`.
    struct SearchBody: Decodable {
        var email: String?
        var phone: String?
    }

    /// `PATCH /v1/subjects/{id}`: new values by field name; `null` removes a field.
    struct UpdateSubjectBody: Decodable {
        var fields: [String: String?]
    }

    /// `POST /v1/subjects/{id}/consents`.
    struct GiveConsentBody: Decodable {
        var purpose: String
        var channel: String?
        var source: String?
        var evidence: String?
    }

    /// `POST /v1/subjects/{id}/consents/{purpose}/withdraw` (the body is optional).
    struct WithdrawBody: Decodable {
        var channel: String?
        var source: String?
    }

    /// The subject ids a search found: `{"subjects":[…]}`.
    enum SubjectList {
        /// The body, written directly: the lookup answers thousands of times a second, and a pseudonym
        /// (`sub_` and 26 base-32 letters and digits, checked by ``SubjectID``) needs no escaping.
        static func json(_ ids: [SubjectID]) -> String {
            "{\"subjects\":[" + ids.map { "\"" + $0.rawValue + "\"" }.joined(separator: ",") + "]}"
        }
    }

    /// The outcome of a withdrawal.
    struct Withdrawal: Encodable {
        var withdrawn: Bool
        var event: ConsentEventResource?
    }

    /// A consent history.
    struct ConsentHistory: Encodable {
        var subject: String
        var events: [ConsentEventResource]
    }

    // MARK: Handlers

    @Sendable func createSubject(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await RequestBodyDecoder.json(CreateSubjectBody.self, from: request)
        let capture = ConsentCapture(channel: body.capture?.channel ?? "api", source: body.capture?.source ?? "api",
                                     evidence: body.capture?.evidence)
        let created = try await gateway.createSubject(fields: body.fields, consents: body.consents ?? [],
                                                      capture: capture, principal: principal)
        var response = try JSONResponse.make(created, status: created.created ? .created : .ok)
        response.headers[.location] = "/v1/subjects/\(created.subject)"
        return response
    }

    @Sendable func findSubjects(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = request.uri.queryParameters
        let lookup = try Self.lookup(email: query.get("email"), phone: query.get("phone"))
        let ids = try await gateway.findSubjects(lookup, principal: principal)
        return JSONResponse.make(json: SubjectList.json(ids))
    }

    @Sendable func searchSubjects(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await RequestBodyDecoder.json(SearchBody.self, from: request)
        let ids = try await gateway.findSubjects(try Self.lookup(email: body.email, phone: body.phone),
                                                 principal: principal)
        return JSONResponse.make(json: SubjectList.json(ids))
    }

    @Sendable func showSubject(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let view = try await gateway.showSubject(try Self.subjectID(context), principal: principal)
        return try JSONResponse.make(view)
    }

    @Sendable func updateSubject(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try Self.subjectID(context)
        let body = try await RequestBodyDecoder.json(UpdateSubjectBody.self, from: request)
        let update = try await gateway.updateSubject(id, fields: body.fields, principal: principal)
        return try JSONResponse.make(update)
    }

    @Sendable func consentHistory(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try Self.subjectID(context)
        let events = try await gateway.consentHistory(id, principal: principal)
        let history = ConsentHistory(subject: id.rawValue, events: events.map(ConsentEventResource.init))
        return try JSONResponse.make(history)
    }

    @Sendable func giveConsent(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try Self.subjectID(context)
        let body = try await RequestBodyDecoder.json(GiveConsentBody.self, from: request)
        let capture = ConsentCapture(channel: body.channel ?? "api", source: body.source ?? "api",
                                     evidence: body.evidence)
        try Self.checkLabels(channel: capture.channel, source: capture.source)
        let event = try await gateway.giveConsent(id, purpose: body.purpose, capture: capture, principal: principal)
        return try JSONResponse.make(ConsentEventResource(event), status: .created)
    }

    @Sendable func withdrawConsent(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try Self.subjectID(context)
        guard let purpose = context.parameters.get("purpose") else { throw APIError.badRequest("purpose is required") }
        let body = try await RequestBodyDecoder.json(WithdrawBody.self, from: request, fallback: WithdrawBody())
        let channel = body.channel ?? "api"
        let source = body.source ?? "api"
        try Self.checkLabels(channel: channel, source: source)
        let event = try await gateway.withdrawConsent(id, purpose: purpose, channel: channel, source: source,
                                                      principal: principal)
        return try JSONResponse.make(Withdrawal(withdrawn: event != nil, event: event.map(ConsentEventResource.init)))
    }

    // MARK: Helpers

    static func lookup(email: String?, phone: String?) throws -> Gateway.Lookup {
        switch (email, phone) {
        case (let email?, nil): return .email(email)
        case (nil, let phone?): return .phone(phone)
        default: throw APIError.validation("give exactly one of email and phone")
        }
    }

    /// Consent channels and sources end up in the ledger and the audit log: short identifiers only.
    static func checkLabels(channel: String, source: String) throws {
        let channelOK = (1...40).contains(channel.utf8.count)
            && channel.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "_" }
        guard channelOK else {
            throw APIError.validation("channel is 1 to 40 lowercase letters or _ (web_form, api, phone_call)")
        }
        guard (1...200).contains(source.count),
            !source.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw APIError.validation("source is 1 to 200 characters on one line (form:landing-2026)")
        }
    }
}
