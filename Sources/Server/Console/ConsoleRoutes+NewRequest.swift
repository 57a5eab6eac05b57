import Foundation
import Hummingbird
import Gateway
import Policy
import Requests

extension ConsoleRoutes {
    /// The fields of the new-request form, as typed (kept when the form comes back with a problem).
    struct NewRequestForm {
        var kind = "access"
        var jurisdiction = "RU"
        var channel = "letter"
        var email = ""
        var phone = ""
        var received = ""
        var evidence = ""
        var field = ""
        var newValue = ""

        static let names = ["kind", "jurisdiction", "channel", "email", "phone", "received", "evidence", "field",
                            "new_value"]

        init() {}

        init(_ form: [String: String]) {
            func value(_ name: String) -> String { (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
            kind = value("kind")
            jurisdiction = value("jurisdiction")
            channel = value("channel")
            email = value("email")
            phone = value("phone")
            received = value("received")
            evidence = value("evidence")
            field = value("field")
            newValue = value("new_value")
        }

        var values: [String: String] {
            ["kind": kind, "jurisdiction": jurisdiction, "channel": channel, "email": email, "phone": phone,
             "received": received, "evidence": evidence, "field": field, "new_value": newValue]
        }

        /// The parsed request, or a message naming the field that is wrong (never its value).
        func parsed() throws -> (RequestKind, Gateway.Lookup, CalendarDay) {
            guard let kind = RequestKind(rawValue: kind), SubjectRequest.kinds.contains(kind) else {
                throw APIError.validation("kind is not a request a person can file")
            }
            guard Gateway.requestChannels.contains(channel) else {
                throw APIError.validation("channel is letter, email, phone or in_person")
            }
            guard evidence.isEmpty || ConsoleRoutes.verificationMethods.contains(evidence) else {
                throw APIError.validation("identity evidence is not one of the listed methods")
            }
            guard let day = CalendarDay(iso: received) else { throw APIError.validation("received is a day") }
            switch (email.isEmpty, phone.isEmpty) {
            case (false, true): return (kind, .email(email), day)
            case (true, false): return (kind, .phone(phone), day)
            default: throw APIError.validation("give the requester's e-mail or phone, one of them")
            }
        }
    }

    @Sendable func newRequestPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard gateway.handlesRequests(principal) else {
            throw APIError.forbidden("role \(principal.role) does not handle data-subject requests")
        }
        var form = NewRequestForm()
        form.received = CalendarDay(clock(), in: gateway.timeZone(ofJurisdiction: "RU")).description
        return renderNewRequest(form, chrome: Self.chrome(request, context))
    }

    /// Review (the confirmation page), edit (the form again) or confirm (register, verify when evidence was given,
    /// then the request's page).
    @Sendable func newRequest(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let posted = try await checkedForm(request, context)
        let chrome = Self.chrome(request, context)
        let form = NewRequestForm(posted)
        let step = posted["step"] ?? "review"
        if step == "edit" { return renderNewRequest(form, chrome: chrome) }
        do {
            let (kind, lookup, day) = try form.parsed()
            let field = form.field.isEmpty ? nil : form.field
            let newValue = form.newValue.isEmpty ? nil : form.newValue
            guard step == "confirm" else {
                let preview = try await gateway.previewRequest(
                    kind: kind, lookup: lookup, jurisdiction: form.jurisdiction, field: field, newValue: newValue,
                    receivedOn: day, principal: principal)
                return renderConfirmation(form, preview: preview, chrome: chrome)
            }
            let created = try await gateway.createRequest(
                kind: kind, lookup: lookup, jurisdiction: form.jurisdiction, channel: form.channel, field: field,
                newValue: newValue, receivedOn: day, principal: principal)
            if !form.evidence.isEmpty {
                _ = try await gateway.verifyRequest(created.reference, method: form.evidence, principal: principal)
            }
            return Response.redirect(to: "/console/requests/\(created.reference)?done=created", type: .normal)
        } catch let error as GatewayError where error.code != .refused && error.status.code < 500 {
            return renderNewRequest(form, chrome: chrome, problem: error.apiMessage, status: error.status)
        } catch let error as APIError where error.status == .unprocessableContent || error.status == .badRequest {
            return renderNewRequest(form, chrome: chrome, problem: error.message, status: error.status)
        }
    }

    private func renderNewRequest(_ form: NewRequestForm, chrome: ConsoleRenderer.Chrome, problem: String? = nil,
                                  status: HTTPResponse.Status = .ok) -> Response {
        let strings = ConsoleStrings.table(chrome.language)
        func options(_ values: [String], selected: String, label: (String) -> String) -> [[String: Any]] {
            values.map { ["value": $0, "label": label($0), "selected": $0 == selected] }
        }
        var values: [String: Any] = [
            "kinds": options(SubjectRequest.kinds.map(\.rawValue), selected: form.kind) {
                strings["kind_\($0)"] ?? $0
            },
            "jurisdictions": options(gateway.policies.jurisdictions.map(\.code), selected: form.jurisdiction) { $0 },
            "channels": options(Gateway.requestChannels, selected: form.channel) { strings["channel_\($0)"] ?? $0 },
            "methods": options(Self.verificationMethods, selected: form.evidence) { strings["method_\($0)"] ?? $0 },
            "fields": options(gateway.policies.fields.fields.map(\.name), selected: form.field) { $0 },
            "email": form.email, "phone": form.phone, "received": form.received, "newValue": form.newValue,
            "today": CalendarDay(clock(), in: gateway.timeZone(ofJurisdiction: "RU")).adding(days: 1).description,
            "nav_requests": true,
        ]
        if let problem { values["problem"] = problem }
        return renderer.page("request_new", title: strings["new_request_title"] ?? "", chrome: chrome,
                             values: values, status: status)
    }

    private func renderConfirmation(_ form: NewRequestForm, preview: Gateway.RequestPreview,
                                    chrome: ConsoleRenderer.Chrome) -> Response {
        let strings = ConsoleStrings.table(chrome.language)
        let zone = gateway.timeZone(ofJurisdiction: form.jurisdiction)
        var values: [String: Any] = [
            "kindLabel": strings["kind_\(form.kind)"] ?? form.kind, "jurisdiction": form.jurisdiction,
            "channelLabel": strings["channel_\(form.channel)"] ?? form.channel,
            "received": Self.day(preview.receivedAt, in: zone), "lastDay": preview.lastDay.description,
            "provisional": preview.provisional, "matched": preview.matches > 0,
            "hidden": NewRequestForm.names.map { ["name": $0, "value": form.values[$0] ?? ""] },
            "nav_requests": true,
        ]
        if !form.evidence.isEmpty { values["evidenceLabel"] = strings["method_\(form.evidence)"] ?? form.evidence }
        if !form.field.isEmpty { values["field"] = form.field }
        return renderer.page("request_confirm", title: strings["confirm_request_title"] ?? "", chrome: chrome,
                             values: values)
    }
}
