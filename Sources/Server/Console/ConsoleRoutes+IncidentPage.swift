import Core
import Documents
import Foundation
import Hummingbird
import Gateway
import Policy
import Requests

extension ConsoleRoutes {
    /// The incident page: facts, deadlines in words, the history of notes, links to the three notice drafts and,
    /// while open, the update and close forms.
    func renderIncident(_ incident: Incident, chrome: ConsoleRenderer.Chrome, extra: [String: Any] = [:],
                        status: HTTPResponse.Status = .ok) -> Response {
        let language = chrome.language
        let strings = Self.incidentStrings(language)
        let now = clock()
        let open = incident.state == "open"
        let deadlines: [[String: Any]] = incident.deadlines.map { deadline in
            let state = deadline.state(at: now)
            let text: String
            switch state {
            case "sent": text = (strings["sent"] ?? "") + " " + (deadline.sentAt.map { Self.minute($0) } ?? "")
                + (deadline.sentReference.map { $0.isEmpty ? "" : " (\($0))" } ?? "")
            case "overdue": text = strings["overdue"] ?? state
            default: text = deadline.remaining(at: now)
            }
            return ["label": Self.deadlineLabel(deadline.name, language), "due": Self.minute(deadline.due),
                    "stateText": text, "rowClass": open && state == "overdue" ? "overdue"
                        : open && state == "due_soon" ? "soon" : ""]
        }
        let base = "/console/incidents/\(incident.reference)/draft?kind="
        let drafts: [[String: String]] = IncidentNotices.Kind.allCases.map {
            ["label": strings["draft_\($0.rawValue)"] ?? $0.rawValue, "base": base + $0.rawValue]
        }
        let updates: [[String: String]] = incident.updates.map {
            ["at": Self.minute($0.at), "by": $0.by, "note": $0.note]
        }
        var values: [String: Any] = [
            "s": strings, "reference": incident.reference, "state": incident.state,
            "stateLabel": strings["state_\(incident.state)"] ?? incident.state, "open": open,
            "detected": Self.minute(incident.detectedAt), "opened": Self.minute(incident.openedAt),
            "openedBy": incident.openedBy, "summary": incident.summary,
            "systems": incident.systems.isEmpty ? "—" : incident.systems.joined(separator: ", "),
            "principals": incident.principals.isEmpty ? (strings["everyone"] ?? "")
                : incident.principals.joined(separator: ", "),
            "window": "\(Self.minute(incident.windowStart)) — \(Self.minute(incident.windowEnd))",
            "affected": incident.affectedCount,
            "deadlines": deadlines, "drafts": drafts, "updates": updates, "hasUpdates": !updates.isEmpty,
            "unsent": incident.deadlines.filter { $0.sentAt == nil }.map {
                ["name": $0.name, "label": Self.deadlineLabel($0.name, language)]
            },
            "nav_incidents": true,
        ]
        if !incident.affectedCategories.isEmpty {
            values["categories"] = incident.affectedCategories
                .map { FieldCategory(rawValue: $0)?.label[language] ?? $0 }.joined(separator: ", ")
        }
        if let cause = incident.cause { values["cause"] = cause }
        if let consequences = incident.consequences { values["consequences"] = consequences }
        if let measures = incident.measures { values["measures"] = measures }
        if let closed = incident.closedAt { values["closed"] = Self.minute(closed) }
        values.merge(extra) { $1 }
        return renderer.page("incident", title: "\(strings["incident"] ?? "") \(incident.reference)", chrome: chrome,
                             values: values, status: status)
    }

    /// A notification deadline in words (`ru_initial` → "Roskomnadzor, initial notice (24 h)").
    static func deadlineLabel(_ name: String, _ language: Language) -> String {
        incidentStrings(language)["deadline_\(name)"] ?? name
    }

    /// One text of the incident pages; a missing key shows as itself.
    static func incidentText(_ key: String, _ language: Language) -> String {
        incidentStrings(language)[key] ?? key
    }

    /// Texts of the incident pages beyond the register's.
    static func incidentActionStrings(_ language: Language) -> [String: String] {
        ConsoleStrings.page("incident", language)
    }
}
