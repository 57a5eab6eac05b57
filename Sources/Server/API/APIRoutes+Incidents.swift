import Foundation
import Documents
import Hummingbird
import Gateway
import Policy
import Requests

extension APIRoutes {
    /// `POST /v1/incidents`.
    struct OpenIncidentBody: Decodable {
        var summary: String
        /// ISO 8601; default now.
        var detectedAt: Date?
        var systems: [String]?
        var principals: [String]?
        var windowStart: Date?
        var windowEnd: Date?
        var jurisdictions: [String]?
    }

    /// `POST /v1/incidents/{incident}/update`.
    struct UpdateIncidentBody: Decodable {
        struct Sent: Decodable {
            var deadline: String
            var at: Date?
            var reference: String
        }

        var summary: String?
        var systems: [String]?
        var principals: [String]?
        var windowStart: Date?
        var windowEnd: Date?
        var cause: String?
        var consequences: String?
        var measures: String?
        var note: String?
        var sent: Sent?
    }

    /// `POST /v1/incidents/{incident}/close`.
    struct CloseIncidentBody: Decodable {
        var note: String?
    }

    /// An incident as the API shows it, with each deadline's state at the time of the answer.
    struct IncidentResource: Encodable {
        struct DeadlineState: Encodable {
            var name: String
            var jurisdiction: String
            var basis: String
            var due: Date
            var state: String
            var remaining: String
            var sentAt: Date?
            var sentReference: String?
        }

        var incident: Incident
        var deadlines: [DeadlineState]
        var attention: Bool

        init(_ incident: Incident, now: Date, withSubjects: Bool) {
            var copy = incident
            if !withSubjects { copy.affectedSubjects = [] }
            self.incident = copy
            deadlines = incident.deadlines.map {
                DeadlineState(name: $0.name, jurisdiction: $0.jurisdiction, basis: $0.basis, due: $0.due,
                              state: $0.state(at: now), remaining: $0.remaining(at: now), sentAt: $0.sentAt,
                              sentReference: $0.sentReference)
            }
            attention = incident.needsAttention(at: now)
        }
    }

    struct IncidentList: Encodable {
        var incidents: [IncidentResource]
    }

    /// Registers the breach-register routes.
    func registerIncidents(
        _ add: (HTTPRequest.Method, String, @escaping @Sendable (Request, APIRequestContext) async throws -> Response)
            -> Void
    ) {
        add(.get, "incidents", listIncidents)
        add(.post, "incidents", openIncident)
        add(.get, "incidents/{incident}", showIncident)
        add(.post, "incidents/{incident}/update", updateIncident)
        add(.post, "incidents/{incident}/close", closeIncident)
        add(.get, "incidents/{incident}/draft", incidentDraft)
    }

    /// The `{incident}` path parameter (404 when it cannot be an incident reference).
    static func incidentReference(_ context: APIRequestContext) throws -> String {
        guard let text = context.parameters.get("incident"),
            text.range(of: #"^INC-[0-9]{4}-[0-9]{6,}$"#, options: .regularExpression) != nil
        else {
            throw APIError.notFound("no such incident; references look like INC-2026-000001")
        }
        return text
    }

    @Sendable func listIncidents(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let incidents = try await gateway.listIncidents(openOnly: try Self.flag(request, "open"), principal: principal)
        let now = clock()
        return try JSONResponse.make(IncidentList(incidents: incidents.map {
            IncidentResource($0, now: now, withSubjects: false)
        }))
    }

    @Sendable func openIncident(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await RequestBodyDecoder.json(OpenIncidentBody.self, from: request)
        var window: (Date, Date)?
        if body.windowStart != nil || body.windowEnd != nil {
            let detected = body.detectedAt ?? clock()
            window = (body.windowStart ?? detected.addingTimeInterval(-30 * 86_400), body.windowEnd ?? detected)
        }
        let incident = try await gateway.openIncident(
            detectedAt: body.detectedAt ?? clock(), summary: body.summary, systems: body.systems ?? [],
            principals: body.principals ?? [], window: window, jurisdictions: body.jurisdictions,
            principal: principal)
        return try JSONResponse.make(IncidentResource(incident, now: clock(), withSubjects: false), status: .created)
    }

    @Sendable func showIncident(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let incident = try await gateway.showIncident(try Self.incidentReference(context), principal: principal)
        return try JSONResponse.make(IncidentResource(incident, now: clock(), withSubjects: true))
    }

    @Sendable func updateIncident(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try Self.incidentReference(context)
        let body = try await RequestBodyDecoder.json(UpdateIncidentBody.self, from: request)
        let change = IncidentChange(
            summary: body.summary, systems: body.systems, principals: body.principals, windowStart: body.windowStart,
            windowEnd: body.windowEnd, cause: body.cause, consequences: body.consequences, measures: body.measures,
            note: body.note, sent: body.sent.map { ($0.deadline, $0.at ?? clock(), $0.reference) })
        let incident = try await gateway.updateIncident(reference, change, principal: principal)
        return try JSONResponse.make(IncidentResource(incident, now: clock(), withSubjects: false))
    }

    @Sendable func closeIncident(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try Self.incidentReference(context)
        let body = try await RequestBodyDecoder.json(CloseIncidentBody.self, from: request,
                                                        fallback: CloseIncidentBody())
        let incident = try await gateway.closeIncident(reference, note: body.note ?? "", principal: principal)
        return try JSONResponse.make(IncidentResource(incident, now: clock(), withSubjects: false))
    }

    @Sendable func incidentDraft(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try Self.incidentReference(context)
        guard let kind = IncidentNotices.Kind(rawValue: request.uri.queryParameters.get("kind") ?? "initial") else {
            throw APIError.badRequest("kind is initial, follow_up or subjects")
        }
        let format = request.uri.queryParameters.get("format") ?? "md"
        guard ["md", "html"].contains(format) else { throw APIError.badRequest("format is md or html") }
        var language: Language?
        if let lang = request.uri.queryParameters.get("lang") {
            guard let chosen = Language(rawValue: lang) else { throw APIError.badRequest("lang is ru or en") }
            language = chosen
        }
        let draft = try await gateway.incidentDraft(kind, of: reference, language: language, principal: principal)
        let type = format == "html" ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8"
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: format == "html" ? draft.html : draft.markdown)))
    }
}
