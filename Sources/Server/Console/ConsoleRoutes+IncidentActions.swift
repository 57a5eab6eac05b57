import Core
import Documents
import Foundation
import Hummingbird
import Gateway
import Policy
import Requests

extension ConsoleRoutes {
    /// `GET /console/incidents/new`: the form that opens an incident (roles with the `audit` action).
    @Sendable func newIncidentPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try requireAction(.audit, principal)
        let chrome = Self.chrome(request, context)
        return renderNewIncident(["detected": Self.localMinute(clock())], chrome: chrome)
    }

    /// `POST /console/incidents/new`: opens the incident (`Gateway.openIncident`, audited there) and shows it; a bad
    /// value brings the form back with what was typed.
    @Sendable func openIncident(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let form = try await checkedForm(request, context)
        let chrome = Self.chrome(request, context)
        let codes = gateway.policies.jurisdictions.map(\.code).filter { form["jurisdiction_\($0)"] == "yes" }
        do {
            guard let detected = Self.parseLocalMinute(form["detected"] ?? "") else {
                throw APIError.validation(Self.incidentText("detected_invalid", chrome.language))
            }
            let incident = try await gateway.openIncident(
                detectedAt: detected, summary: form["summary"] ?? "", systems: Self.list(form["systems"]),
                principals: Self.list(form["principals"]), jurisdictions: codes.isEmpty ? nil : codes,
                principal: principal)
            return Response.redirect(to: "/console/incidents/\(incident.reference)?done=opened", type: .normal)
        } catch let error as GatewayError where error.code == .invalidArgument {
            return renderNewIncident(form, chrome: chrome, problem: error.apiMessage, status: error.status)
        } catch let error as APIError where error.status == .unprocessableContent {
            return renderNewIncident(form, chrome: chrome, problem: error.message, status: error.status)
        }
    }

    /// `GET /console/incidents/{incident}`: one incident with its deadlines, history, drafts and the forms.
    @Sendable func incidentPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let incident = try await gateway.showIncident(try Self.incidentParameter(context), principal: principal)
        let chrome = Self.chrome(request, context)
        var extra: [String: Any] = [:]
        if let done = request.uri.queryParameters.get("done"), ["opened", "updated", "closed"].contains(done) {
            extra["flash"] = Self.incidentText("done_\(done)", chrome.language)
        }
        return renderIncident(incident, chrome: chrome, extra: extra)
    }

    /// `POST /console/incidents/{incident}/update`: a note, the findings, or a notification marked sent.
    @Sendable func updateIncident(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let form = try await checkedForm(request, context)
        let reference = try Self.incidentParameter(context)
        let chrome = Self.chrome(request, context)
        func given(_ name: String) -> String? {
            let value = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        var change = IncidentChange(cause: given("cause"), consequences: given("consequences"),
                                    measures: given("measures"), note: given("note"))
        if let deadline = given("sent_deadline") {
            change.sent = (deadline, clock(), given("sent_reference") ?? "")
        }
        do {
            _ = try await gateway.updateIncident(reference, change, principal: principal)
            return Response.redirect(to: "/console/incidents/\(reference)?done=updated", type: .normal)
        } catch let error as GatewayError where error.code == .invalidArgument {
            let incident = try await gateway.showIncident(reference, principal: principal)
            return renderIncident(incident, chrome: chrome, extra: ["problem": error.apiMessage], status: error.status)
        }
    }

    /// `POST /console/incidents/{incident}/close`: `step=review` shows what closing means (final; the notifications
    /// not sent stay recorded as not sent); `step=confirm` closes it with the note.
    @Sendable func closeIncident(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let form = try await checkedForm(request, context)
        let reference = try Self.incidentParameter(context)
        let chrome = Self.chrome(request, context)
        let language = chrome.language
        guard form["step"] == "confirm" else {
            let incident = try await gateway.showIncident(reference, principal: principal)
            let unsent = incident.deadlines.filter { $0.sentAt == nil }.map { Self.deadlineLabel($0.name, language) }
            let facts: [[String: String]] = [
                ["name": Self.incidentText("col_what", language), "value": incident.summary],
                ["name": Self.incidentText("unsent", language),
                 "value": unsent.isEmpty ? "—" : unsent.joined(separator: ", ")],
            ]
            return renderer.page("confirm", title: Self.incidentText("close_title", language), chrome: chrome, values: [
                "heading": "\(Self.incidentText("close_title", language)) \(reference)",
                "effect": Self.incidentText("close_effect", language), "facts": facts, "hasFacts": true,
                "action": "/console/incidents/\(reference)/close", "danger": true,
                "backURL": "/console/incidents/\(reference)", "backLabel": reference,
                "noteLabel": Self.incidentText("close_note", language), "nav_incidents": true,
            ])
        }
        let note = (form["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            _ = try await gateway.closeIncident(reference, note: note, principal: principal)
        } catch let error as GatewayError where error.code == .invalidArgument {
            let incident = try await gateway.showIncident(reference, principal: principal)
            return renderIncident(incident, chrome: chrome, extra: ["problem": error.apiMessage], status: error.status)
        }
        return Response.redirect(to: "/console/incidents/\(reference)?done=closed", type: .normal)
    }

    /// `GET /console/incidents/{incident}/draft?kind=initial|follow_up|subjects&lang=ru|en`: the notice draft as a
    /// page of its own (HTML from ``IncidentNotices``, no scripts).
    @Sendable func incidentDraftPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let reference = try Self.incidentParameter(context)
        guard let kind = IncidentNotices.Kind(rawValue: request.uri.queryParameters.get("kind") ?? "initial") else {
            throw APIError.badRequest("kind is initial, follow_up or subjects")
        }
        let language = request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:))
        let draft = try await gateway.incidentDraft(kind, of: reference, language: language, principal: principal)
        var headers = ConsoleRenderer.headers
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'none'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: draft.html)))
    }

    // MARK: Internals

    /// Refuses a page whose whole purpose is an action the principal's role lacks (the gateway refuses the action
    /// itself, audited, when it is attempted).
    func requireAction(_ action: RoleAction, _ principal: Principal) throws {
        guard gateway.policies.role(named: principal.role)?.allows(action) == true else {
            throw APIError.forbidden("role \(principal.role) may not \(action.rawValue)")
        }
    }

    static func incidentParameter(_ context: APIRequestContext) throws -> String {
        guard let reference = context.parameters.get("incident"), reference.hasPrefix("INC-"), reference.count <= 40
        else { throw APIError.badRequest("an incident reference is INC-YYYY-NNNNNN") }
        return reference
    }

    /// Comma-separated names, trimmed, empty ones dropped.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A `datetime-local` value (`2026-12-06T09:30`) in Moscow time, as the register shows times.
    static func parseLocalMinute(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = moscow
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.date(from: text)
    }

    static func localMinute(_ date: Date) -> String {
        minute(date).replacingOccurrences(of: " ", with: "T")
    }

    private func renderNewIncident(_ form: [String: String], chrome: ConsoleRenderer.Chrome, problem: String? = nil,
                                   status: HTTPResponse.Status = .ok) -> Response {
        let operatorCode = gateway.policies.operatorDetails.jurisdiction
        let chosen = Set(gateway.policies.jurisdictions.map(\.code).filter { form["jurisdiction_\($0)"] == "yes" })
        var values: [String: Any] = [
            "s": Self.incidentStrings(chrome.language), "detected": form["detected"] ?? "",
            "summary": form["summary"] ?? "", "systems": form["systems"] ?? "", "principals": form["principals"] ?? "",
            "jurisdictions": gateway.policies.jurisdictions.map {
                ["code": $0.code, "checked": chosen.isEmpty ? $0.code == operatorCode : chosen.contains($0.code)]
            },
            "nav_incidents": true,
        ]
        if let problem { values["problem"] = problem }
        return renderer.page("incident_new", title: Self.incidentText("new_title", chrome.language), chrome: chrome,
                             values: values, status: status)
    }
}
