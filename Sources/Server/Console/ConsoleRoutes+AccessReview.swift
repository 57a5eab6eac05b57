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
        tokenStrings(language).merging(ConsoleStrings.page("access_review", language)) { $1 }
    }
}
