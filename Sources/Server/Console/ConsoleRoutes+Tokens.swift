import Core
import Foundation
import Hummingbird
import Gateway
import Policy

extension ConsoleRoutes {
    /// `GET /console/tokens`: every token's name, role, expiry and state, a revoke button for live ones, and the
    /// form that creates one (roles with the `admin` action; ``Gateway/listTokens(principal:)`` refuses the others).
    @Sendable func tokensPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let chrome = Self.chrome(request, context)
        var extra: [String: Any] = [:]
        if request.uri.queryParameters.get("done") == "revoked" {
            extra["flash"] = Self.tokenStrings(chrome.language)["done_revoked"]
        }
        return try await renderTokens(principal: principal, chrome: chrome, form: [:], extra: extra)
    }

    /// `POST /console/tokens`: creates a token (``Gateway/createToken(name:role:validFor:principal:)``, audited
    /// without the secret) and shows the secret on this one response, never again (`no-store`).
    @Sendable func createToken(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let form = try await checkedForm(request, context)
        let chrome = Self.chrome(request, context)
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        do {
            guard let days = Int(form["days"] ?? ""), (1...3660).contains(days) else {
                throw APIError.validation(Self.tokenStrings(chrome.language)["days_invalid"] ?? "days")
            }
            let secret = try await gateway.createToken(name: name, role: form["role"] ?? "",
                                                       validFor: TimeInterval(days) * 86_400, principal: principal)
            return try await renderTokens(principal: principal, chrome: chrome, form: [:],
                                          extra: ["secret": secret, "secretName": name], status: .created)
        } catch let error as GatewayError where error.code == .invalidArgument {
            return try await renderTokens(principal: principal, chrome: chrome, form: form,
                                          extra: ["problem": error.apiMessage], status: error.status)
        } catch let error as APIError where error.status == .unprocessableContent {
            return try await renderTokens(principal: principal, chrome: chrome, form: form,
                                          extra: ["problem": error.message], status: error.status)
        }
    }

    /// `POST /console/tokens/{name}/revoke`: `step=review` shows what revoking does (at once, for every process,
    /// console sessions included; irreversible); `step=confirm` revokes (``Gateway/revokeToken(name:principal:)``).
    @Sendable func revokeToken(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let form = try await checkedForm(request, context)
        let chrome = Self.chrome(request, context)
        let strings = Self.tokenStrings(chrome.language)
        let name = context.parameters.get("name") ?? ""
        guard form["step"] == "confirm" else {
            guard let token = try await gateway.listTokens(principal: principal).first(where: { $0.name == name })
            else { throw APIError.notFound("no token of that name") }
            return renderer.page("confirm", title: strings["revoke_title"] ?? "", chrome: chrome, values: [
                "heading": "\(strings["revoke_title"] ?? "") \(name)", "effect": strings["revoke_effect"] ?? "",
                "facts": [["name": strings["col_role"] ?? "", "value": token.role],
                          ["name": strings["col_expires"] ?? "", "value": Self.day(token.expiresAt)]],
                "hasFacts": true, "action": "/console/tokens/\(name)/revoke", "danger": true,
                "backURL": "/console/tokens", "backLabel": strings["title"] ?? "", "nav_tokens": true,
            ])
        }
        guard try await gateway.revokeToken(name: name, principal: principal) else {
            throw APIError.notFound("no live token of that name; it may have been revoked already")
        }
        return Response.redirect(to: "/console/tokens?done=revoked", type: .normal)
    }

    private func renderTokens(principal: Principal, chrome: ConsoleRenderer.Chrome, form: [String: String],
                              extra: [String: Any], status: HTTPResponse.Status = .ok) async throws -> Response {
        let strings = Self.tokenStrings(chrome.language)
        let tokens: [[String: Any]] = try await gateway.listTokens(principal: principal).map {
            let state = $0.revoked ? "revoked" : $0.expired ? "expired" : "live"
            return ["name": $0.name, "role": $0.role, "expires": Self.day($0.expiresAt),
                    "state": strings["token_\(state)"] ?? state, "live": $0.isLive,
                    "rowClass": $0.isLive ? "" : "closed"]
        }
        let chosen = form["role"] ?? "support"
        let roles: [[String: Any]] = gateway.policies.roles.filter(\.tokens).map {
            // The description's title only ("Support and service desk"), so the select fits the form.
            ["value": $0.name, "selected": $0.name == chosen,
             "label": "\($0.name) — " + ($0.description[chrome.language].components(separatedBy: " — ").first ?? "")]
        }
        var values: [String: Any] = [
            "s": strings, "tokens": tokens, "hasTokens": !tokens.isEmpty, "roles": roles,
            "name": form["name"] ?? "", "days": form["days"] ?? "90", "nav_tokens": true,
        ]
        values.merge(extra) { $1 }
        return renderer.page("tokens", title: strings["title"] ?? "", chrome: chrome, values: values, status: status)
    }

    /// Texts of the tokens page (the access review shares the column names).
    static func tokenStrings(_ language: Language) -> [String: String] {
        ConsoleStrings.page("tokens", language)
    }
}
