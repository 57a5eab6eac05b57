import Core
import Foundation
import Hummingbird
import Gateway
import Policy

extension ConsoleRoutes {
    /// `GET /console/access-review?since=YYYY-MM-DD&threshold=N`: the periodic access review
    /// (``Gateway/accessReview(since:threshold:windowHours:principal:)``, audited there): who acted, how many people
    /// each read, who is flagged and why, which tokens sit idle. Counts and names of principals only.
    @Sendable func accessReviewPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let chrome = Self.chrome(request, context)
        let language = chrome.language
        let strings = Self.accessReviewStrings(language)
        let query = request.uri.queryParameters
        var since = clock().addingTimeInterval(-90 * 86_400)
        if let text = query.get("since"), !text.isEmpty {
            guard let day = APIRoutes.day(text) else { throw APIError.validation("since is a day, YYYY-MM-DD") }
            since = day
        }
        var threshold = 100
        if let text = query.get("threshold"), !text.isEmpty {
            guard let value = Int(text), (1...1_000_000).contains(value) else {
                throw APIError.validation("threshold is a whole number from 1 to 1000000")
            }
            threshold = value
        }
        let review = try await gateway.accessReview(since: since, threshold: threshold, principal: principal)
        let principals: [[String: Any]] = review.principals.map { activity in
            var row: [String: Any] = [
                "principal": activity.principal, "roles": activity.roles.joined(separator: ", "),
                "lastSeen": activity.lastSeen.map { Self.minute($0) } ?? "—", "peopleRead": activity.peopleRead,
                "peak": activity.peakInWindow, "refusals": activity.refusals, "flagged": activity.flagged,
                "reasons": activity.flagReasons.map { strings["reason_\($0)"] ?? $0 }.joined(separator: "; "),
                "usualText": strings["usual"] ?? "",
            ]
            if let usual = activity.usualPeak { row["usual"] = usual }
            return row
        }
        let tokens: [[String: Any]] = review.tokens.map {
            ["name": $0.name, "role": $0.role, "expires": Self.day($0.expiresAt),
             "state": strings["token_\($0.state)"] ?? $0.state, "lastUsed": $0.lastUsed.map { Self.minute($0) } ?? "—",
             "idle": $0.idle, "idleText": strings["idle"] ?? ""]
        }
        let roles: [[String: String]] = review.roles.keys.sorted().map { name in
            let actions = review.roles[name] ?? []
            return ["name": gateway.policies.role(named: name)?.description[language] ?? name,
                    "actions": actions.isEmpty ? "—"
                        : actions.map { strings["action_\($0)"] ?? $0 }.joined(separator: ", ")]
        }
        return renderer.page("access_review", title: strings["title"] ?? "", chrome: chrome, values: [
            "s": strings, "since": Self.day(review.since), "until": Self.day(review.until),
            "threshold": review.threshold, "windowHours": review.windowHours,
            "principals": principals, "hasPrincipals": !principals.isEmpty,
            "tokens": tokens, "hasTokens": !tokens.isEmpty, "roles": roles, "nav_review": true,
        ])
    }

    /// Texts of the access-review page.
    static func accessReviewStrings(_ language: Language) -> [String: String] {
        let ru = language == .ru
        return tokenStrings(language).merging([
            "title": ru ? "Пересмотр доступа" : "Access review",
            "hint": ru ? "Кто имеет доступ к персональным данным, когда действовал последний раз, скольких людей "
                + "прочитал или выгрузил. Отмечены те, кто за одно окно прочитал необычно много людей."
                : "Who can reach personal data, when each last acted and how many people each read or exported. "
                + "Flagged: those who read unusually many people within one window.",
            "since": ru ? "С" : "Since", "threshold": ru ? "Порог, человек за окно" : "Threshold, people per window",
            "show": ru ? "Показать" : "Show", "period": ru ? "Период" : "Period",
            "window": ru ? "Окно" : "Window", "hours": ru ? "ч" : "h",
            "principals": ru ? "Участники" : "Principals", "tokens": ru ? "Токены" : "Tokens",
            "col_principal": ru ? "Участник" : "Principal",
            "col_roles": ru ? "Роли" : "Roles", "col_last_seen": ru ? "Последнее действие" : "Last seen",
            "col_people": ru ? "Людей прочитано" : "People read", "col_peak": ru ? "Пик за окно" : "Peak in a window",
            "col_refusals": ru ? "Отказов" : "Refusals", "col_flag": ru ? "Отметка" : "Flag",
            "usual": ru ? "обычно" : "usually",
            "reason_threshold": ru ? "выше порога" : "above the threshold",
            "reason_history": ru ? "намного выше обычного" : "far above its usual",
            "no_activity": ru ? "За период никто не действовал." : "Nobody acted in the period.",
            "col_last_used": ru ? "Последнее использование" : "Last used",
            "idle": ru ? "не использовался" : "idle",
            "manage_tokens": ru ? "Отозвать или выпустить токены" : "Revoke or create tokens",
            "roles": ru ? "Роли и их действия" : "Roles and what they may do",
            "action_export": ru ? "выгрузка" : "export", "action_erase": ru ? "удаление" : "erasure",
            "action_audit": ru ? "аудит" : "audit", "action_purge": ru ? "очистка по срокам" : "purge",
            "action_admin": ru ? "администрирование" : "administration", "action_import": ru ? "импорт" : "import",
            "action_rectify": ru ? "исправление" : "correction", "action_consent": ru ? "согласия" : "consents",
        ]) { $1 }
    }
}
