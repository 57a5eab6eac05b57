import Documents
import Foundation
import Hummingbird
import Gateway
import Policy
import Requests

extension ConsoleRoutes {
    /// Texts of the breach-register page.
    static func incidentStrings(_ language: Language) -> [String: String] {
        incidentActionStrings(language).merging(ConsoleStrings.page("incidents", language)) { $1 }
    }

    @Sendable func incidentRegister(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let incidents = try await gateway.listIncidents(principal: principal)
        let chrome = Self.chrome(request, context)
        let strings = Self.incidentStrings(chrome.language)
        let now = clock()
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: "Europe/Moscow")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let rows: [[String: Any]] = incidents.map { incident in
            let open = incident.state == "open"
            let deadlines: [[String: Any]] = incident.deadlines.map { deadline in
                let state = deadline.state(at: now)
                return [
                    "name": Self.deadlineLabel(deadline.name, chrome.language), "due": formatter.string(from: deadline.due),
                    "remaining": deadline.remaining(at: now),
                    "sent": state == "sent",
                    "sentText": (strings["sent"] ?? "sent") + " " + (deadline.sentReference ?? ""),
                    "overdue": open && state == "overdue", "overdueText": strings["overdue"] ?? "overdue",
                    "dueSoon": open && state == "due_soon", "pending": open && state == "pending",
                ]
            }
            return [
                "reference": incident.reference, "state": strings["state_\(incident.state)"] ?? incident.state,
                "drafts": IncidentNotices.Kind.allCases.map {
                    ["label": strings["draft_\($0.rawValue)"] ?? $0.rawValue,
                     "url": "/console/incidents/\(incident.reference)/draft?kind=\($0.rawValue)"]
                },
                "detected": formatter.string(from: incident.detectedAt), "summary": incident.summary,
                "affected": incident.affectedCount,
                // Left out when empty: a section on an empty string still renders.
                "categories": incident.affectedCategories.isEmpty ? false
                    : incident.affectedCategories.map { FieldCategory(rawValue: $0)?.label[chrome.language] ?? $0 }
                    .joined(separator: ", ") as Any,
                "deadlines": deadlines,
                "rowClass": incident.state != "open" ? "closed"
                    : incident.deadlines.contains { $0.state(at: now) == "overdue" } ? "overdue"
                    : incident.needsAttention(at: now) ? "soon" : "",
            ]
        }
        return renderer.page("incidents", title: strings["title"] ?? "", chrome: chrome,
                             values: ["s": strings, "incidents": rows, "hasIncidents": !rows.isEmpty,
                                      "nav_incidents": true])
    }
}
