import Core
import Foundation
import Hummingbird
import Gateway
import Keyring
import Policy
import Requests

extension ConsoleRoutes {
    /// The actions on a person's page. Each posts first for review (a confirmation page saying exactly what will
    /// happen, nothing changed), then with `step=confirm` to do it through the gateway operation the API and CLI use.
    enum SubjectAction: String, CaseIterable {
        case correct, consentWithdraw = "consent_withdraw", consentGive = "consent_give", restrict
        case openRequest = "open_request", erase
    }

    /// What the principal's role may do on a person's page (the gateway checks again on every call).
    func subjectActions(for principal: Principal) -> [String: Bool] {
        guard let role = gateway.policies.role(named: principal.role) else { return [:] }
        let writable = gateway.policies.fields.fields.contains { role.canWrite($0) }
        return ["canCorrect": writable, "canConsent": role.allows(.consent), "canRestrict": role.allows(.erase),
                "canOpenRequest": gateway.handlesRequests(principal), "canErase": role.allows(.erase)]
    }

    /// The options the person's page forms offer.
    func subjectActionOptions(for principal: Principal, language: Language) -> [String: Any] {
        guard let role = gateway.policies.role(named: principal.role) else { return [:] }
        let strings = ConsoleStrings.table(language)
        return [
            "writableFields": gateway.policies.fields.fields.filter { role.canWrite($0) }.map {
                ["value": $0.name, "label": $0.label(in: language)]
            },
            "consentPurposes": gateway.policies.purposes.filter(\.requiresConsent).map {
                ["value": $0.name, "label": $0.description[language]]
            },
            "requestKinds": SubjectRequest.kinds.filter { $0 != .rectification }.map {
                ["value": $0.rawValue, "label": strings["kind_\($0.rawValue)"] ?? $0.rawValue]
            },
            "jurisdictions": gateway.policies.jurisdictions.map { ["value": $0.code, "label": $0.code] },
            "channels": Gateway.requestChannels.map { ["value": $0, "label": strings["channel_\($0)"] ?? $0] },
        ]
    }

    @Sendable func subjectAction(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try APIRoutes.subjectID(context)
        let form = try await checkedForm(request, context)
        let chrome = Self.chrome(request, context)
        guard let action = SubjectAction(rawValue: form["action"] ?? "") else {
            let names = SubjectAction.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.validation("action is one of " + names)
        }
        let confirmed = form["step"] == "confirm"
        let base = "/console/subjects/\(id.rawValue)"
        do {
            switch action {
            case .correct:
                let field = try Self.text(form, "field", limit: 100)
                let value = try Self.text(form, "new_value")
                guard confirmed else {
                    let view = try await gateway.showSubject(id, principal: principal)
                    let old = view.fields.first { $0.name == field }
                    let masked = old?.masked == true ? " (\(ConsoleStrings.text("masked", chrome.language)))" : ""
                    return confirmPage(action, id: id, form: form, chrome: chrome, facts: [
                        (ConsoleStrings.text("field", chrome.language),
                         gateway.policies.fields.field(named: field)?.label(in: chrome.language) ?? field),
                        (ConsoleStrings.text("old_value", chrome.language),
                         (old?.value ?? "—") + masked),
                        (ConsoleStrings.text("new_value", chrome.language), value),
                    ])
                }
                _ = try await gateway.updateSubject(id, fields: [field: value], principal: principal)
            case .consentWithdraw, .consentGive:
                let purpose = try Self.text(form, "purpose", limit: 100)
                guard confirmed else {
                    let described = gateway.policies.purpose(named: purpose)?.description[chrome.language] ?? purpose
                    return confirmPage(action, id: id, form: form, chrome: chrome, facts: [
                        (ConsoleStrings.text("col_purpose", chrome.language), described),
                        (ConsoleStrings.text("channel", chrome.language),
                         ConsoleStrings.text("channel_phone", chrome.language)),
                    ])
                }
                if action == .consentGive {
                    _ = try await gateway.giveConsent(id, purpose: purpose, capture: ConsentCapture(
                        channel: "phone_call", source: "console:\(principal.name)"), principal: principal)
                } else {
                    _ = try await gateway.withdrawConsent(id, purpose: purpose, channel: "phone_call",
                                                          source: "console", principal: principal)
                }
            case .restrict:
                let reason = try Self.text(form, "reason", limit: 200)
                guard confirmed else {
                    return confirmPage(action, id: id, form: form, chrome: chrome, facts: [
                        (ConsoleStrings.text("reason", chrome.language), reason),
                    ])
                }
                try await gateway.restrict(id, principal: principal, reason: reason)
            case .openRequest:
                guard let kind = RequestKind(rawValue: form["kind"] ?? ""), SubjectRequest.kinds.contains(kind),
                    let channel = form["channel"], Gateway.requestChannels.contains(channel)
                else { throw APIError.validation("kind and channel are ones the form lists") }
                let jurisdiction = form["jurisdiction"] ?? "RU"
                guard confirmed else {
                    let preview = try await gateway.previewRequest(kind: kind, subject: id, jurisdiction: jurisdiction,
                                                                   principal: principal)
                    return confirmPage(action, id: id, form: form, chrome: chrome, facts: [
                        (ConsoleStrings.text("col_kind", chrome.language),
                         ConsoleStrings.text("kind_\(kind.rawValue)", chrome.language)),
                        (ConsoleStrings.text("channel", chrome.language),
                         ConsoleStrings.text("channel_\(channel)", chrome.language)),
                        (ConsoleStrings.text("deadline", chrome.language), preview.lastDay.description),
                    ])
                }
                let created = try await gateway.createRequest(kind: kind, subject: id, jurisdiction: jurisdiction,
                                                              channel: channel, principal: principal)
                return Response.redirect(to: "/console/requests/\(created.reference)?done=created", type: .normal)
            case .erase:
                let reason = try Self.text(form, "reason", limit: 200)
                guard confirmed else {
                    let preview = try await gateway.erasurePreview(of: id, principal: principal)
                    return erasureConfirmPage(preview, id: id, form: form, reason: reason, chrome: chrome)
                }
                let result = try await gateway.erase(id, reason: reason, principal: principal)
                return Response.redirect(to: result.shredded ? "/console/subjects?done=erased" : base + "?done=erased",
                                         type: .normal)
            }
            return Response.redirect(to: base + "?done=\(action.rawValue)", type: .normal)
        } catch let error as GatewayError where error.code == .invalidArgument {
            throw APIError.validation(error.apiMessage)
        }
    }

    private func confirmPage(_ action: SubjectAction, id: SubjectID, form: [String: String],
                             chrome: ConsoleRenderer.Chrome, facts: [(String, String)],
                             extra: [String: Any] = [:]) -> Response {
        let strings = ConsoleStrings.table(chrome.language)
        var values: [String: Any] = [
            "id": id.rawValue, "action": action.rawValue,
            "heading": strings["confirm_\(action.rawValue)"] ?? action.rawValue,
            "effect": strings["effect_\(action.rawValue)"] ?? "",
            "facts": facts.map { ["name": $0.0, "value": $0.1] },
            "hidden": form.filter { !["csrf", "step"].contains($0.key) }.sorted { $0.key < $1.key }
                .map { ["name": $0.key, "value": $0.value] },
            "danger": action == .erase || action == .restrict, "nav_subjects": true,
        ]
        values.merge(extra) { $1 }
        return renderer.page("subject_confirm", title: values["heading"] as? String ?? "", chrome: chrome,
                             values: values)
    }

    private func erasureConfirmPage(_ preview: Gateway.ErasurePreview, id: SubjectID, form: [String: String],
                                    reason: String, chrome: ConsoleRenderer.Chrome) -> Response {
        func labels(_ names: [String]) -> [String] {
            names.map { gateway.policies.fields.field(named: $0)?.label(in: chrome.language) ?? $0 }
        }
        return confirmPage(.erase, id: id, form: form, chrome: chrome, facts: [
            (ConsoleStrings.text("reason", chrome.language), reason),
        ], extra: [
            "erasure": true, "destroyed": labels(preview.destroyed), "held": labels(preview.held),
            "hasHeld": !preview.held.isEmpty,
            "holdEnds": preview.holdEnds.map { Self.day($0) } ?? "",
        ])
    }
}
