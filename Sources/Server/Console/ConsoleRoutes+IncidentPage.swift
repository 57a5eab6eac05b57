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
        let ru = language == .ru
        return [
            "new_title": ru ? "Новый инцидент" : "New incident",
            "new_intro": ru ? "Сроки уведомлений пойдут с момента выявления. Затронутые субъекты определяются по "
                + "журналу аудита: чтения, выгрузки и изменения указанных участников за 30 дней до выявления."
                : "The notification clocks start at detection. The people affected are found in the audit log: what "
                + "the principals named read, exported or changed in the 30 days before detection.",
            "detected_label": ru ? "Выявлен (время московское)" : "Detected (Moscow time)",
            "detected_invalid": ru ? "Укажите дату и время выявления." : "Give the date and time of detection.",
            "summary_label": ru ? "Что произошло (без персональных данных)" : "What happened (no personal data)",
            "systems_label": ru ? "Системы, через запятую" : "Systems, comma-separated",
            "principals_label": ru ? "Участники (токены, учётные записи), через запятую; пусто — все"
                : "Principals (tokens, accounts), comma-separated; empty: everyone",
            "jurisdictions_label": ru ? "Чьи сроки применяются" : "Whose deadlines apply",
            "open_button": ru ? "Открыть инцидент" : "Open the incident",
            "new_button": ru ? "Новый инцидент" : "New incident",
            "incident": ru ? "Инцидент" : "Incident", "opened": ru ? "Открыт" : "Opened",
            "window": ru ? "Период поиска в журнале" : "Audit window",
            "everyone": ru ? "все" : "everyone", "systems": ru ? "Системы" : "Systems",
            "principals": ru ? "Участники" : "Principals",
            "cause_label": ru ? "Предполагаемые причины" : "Presumed causes",
            "consequences_label": ru ? "Предполагаемый вред" : "Presumed harm",
            "measures_label": ru ? "Принятые меры" : "Measures taken",
            "closed_at": ru ? "Закрыт" : "Closed",
            "deadline": ru ? "Уведомление" : "Notification", "due": ru ? "Срок" : "Due",
            "sent": ru ? "направлено" : "sent", "overdue": ru ? "просрочено" : "overdue",
            "history": ru ? "История" : "History", "no_updates": ru ? "Записей нет." : "No notes yet.",
            "update_title": ru ? "Дополнить" : "Update",
            "note_label": ru ? "Запись в историю" : "Note for the history",
            "sent_legend": ru ? "Уведомление направлено" : "Notification sent",
            "sent_reference": ru ? "Исходящий номер" : "Its reference",
            "update_button": ru ? "Сохранить" : "Save",
            "close_button": ru ? "Закрыть инцидент…" : "Close the incident…",
            "close_title": ru ? "Закрыть инцидент" : "Close incident",
            "close_effect": ru ? "Закрытие окончательно: инцидент нельзя будет открыть снова или дополнить. "
                + "Ненаправленные уведомления останутся в реестре как ненаправленные."
                : "Closing is final: the incident cannot be reopened or changed. Notifications not sent stay on "
                + "record as not sent.",
            "close_note": ru ? "Итоговая запись" : "Final note",
            "unsent": ru ? "Не направлены" : "Not sent",
            "state_open": ru ? "открыт" : "open", "state_closed": ru ? "закрыт" : "closed",
            "done_opened": ru ? "Инцидент открыт, сроки идут." : "Incident opened; the clocks are running.",
            "done_updated": ru ? "Сохранено." : "Saved.", "done_closed": ru ? "Инцидент закрыт." : "Incident closed.",
            "draft_subjects": ru ? "субъектам" : "to the people affected",
            "draft_follow_up": ru ? "дополнительное" : "follow-up",
            "deadline_ru_initial": ru ? "Роскомнадзор, первичное (24 ч)" : "Roskomnadzor, initial notice (24 h)",
            "deadline_ru_followup": ru ? "Роскомнадзор, дополнительное (72 ч)" : "Roskomnadzor, follow-up (72 h)",
            "deadline_eu_authority": ru ? "Надзорный орган ЕС (72 ч)" : "EU supervisory authority (72 h)",
        ]
    }
}
