import Documents
import Foundation
import Policy
import Requests
import Testing

@Suite("Operator documents generated from the policies")
struct OperatorDocumentsTests {
    static let policiesURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Policies")

    static func build(_ language: Language) throws -> [GeneratedDocument] {
        let policies = try PolicySet.load(from: policiesURL)
        return OperatorDocuments.build(policies, notices: ["consent-marketing-email": "# Согласие\n\nТекст согласия."],
                                       language: language)
    }

    @Test("One policy, one consent document per consent purpose, the Art. 22 notification, one per recipient abroad")
    func documentSet() throws {
        let documents = try Self.build(.ru)
        #expect(documents.map(\.name) == [
            "processing-policy", "consent-marketing_email", "consent-marketing_sms", "consent-telephony",
            "consent-partner_sharing", "roskomnadzor-notification", "cross-border-mailchimp",
        ])
    }

    @Test("Every document carries the operator's real details", arguments: [Language.ru, .en])
    func operatorDetails(language: Language) throws {
        for document in try Self.build(language) {
            let text = document.markdown
            #expect(text.contains("7701234560"), "\(document.name) lacks the ИНН")
            #expect(text.contains(language == .ru ? "Кофейный дом" : "Kofeyny Dom"), "\(document.name)")
            #expect(!text.contains("operator.yaml>"), "\(document.name) has a placeholder")
            #expect(document.html.contains("<html lang=\"\(language.rawValue)\">"))
        }
    }

    @Test("The consent document has the elements of 152-FZ art. 9 p. 4 and the notice wording")
    func consentElements() throws {
        let consent = try #require(try Self.build(.ru).first { $0.name == "consent-marketing_email" }).markdown
        for element in ["Фамилия, имя, отчество", "Документ, удостоверяющий личность", "Адрес",
                        "Цель обработки", "Электронная почта", "Действия:", "Mailchimp", "Трансграничная передача",
                        "Срок действия и отзыв согласия", "отдельным документом", "Текст согласия", "Подпись"] {
            #expect(consent.contains(element), "missing: \(element)")
        }
        #expect(consent.contains("Текст согласия."))
        // No generation time: the same policies give the same bytes, so the hash identifies the text.
        #expect(try Self.build(.ru).first { $0.name == "consent-marketing_email" }?.markdown == consent)
    }

    @Test("The Art. 22 notification lists its items; the Art. 12 one shows the notification is missing")
    func notifications() throws {
        let documents = try Self.build(.ru)
        let rkn = try #require(documents.first { $0.kind == .roskomnadzorNotification }).markdown
        for item in ["1. Наименование", "7.1. Ответственный", "10. Осуществление трансграничной передачи",
                     "10.1. Сведения о месте нахождения базы данных", "Иванова Анна Сергеевна"] {
            #expect(rkn.contains(item), "missing: \(item)")
        }
        let crossBorder = try #require(documents.first { $0.kind == .crossBorderNotification })
        #expect(crossBorder.recipient == "mailchimp")
        #expect(crossBorder.markdown.contains("Соединённые Штаты Америки"))
        #expect(crossBorder.markdown.contains("уведомление не зарегистрировано"))
    }

    @Test("Incident drafts name the incident, the count, the categories and the contact person")
    func incidentDrafts() throws {
        let policies = try PolicySet.load(from: Self.policiesURL)
        var incident = Incident(
            reference: "INC-2026-000003", detectedAt: Date(timeIntervalSince1970: 1_790_000_000),
            openedAt: Date(timeIntervalSince1970: 1_790_000_100), openedBy: "cli:anna", summary: "Выгрузка утекла",
            systems: ["crm"], principals: ["token:crm"], windowStart: Date(timeIntervalSince1970: 1_789_000_000),
            windowEnd: Date(timeIntervalSince1970: 1_790_000_000), deadlines: [])
        incident.affectedCount = 42
        incident.affectedCategories = ["contact"]
        let initial = IncidentNotices.draft(.initial, incident: incident, policies: policies, language: .ru).markdown
        #expect(initial.contains("INC-2026-000003") && initial.contains("42") && initial.contains("Контактные данные"))
        #expect(initial.contains("Предполагаемые причины") && initial.contains("Иванова Анна Сергеевна"))
        let followUp = IncidentNotices.draft(.followUp, incident: incident, policies: policies, language: .ru).markdown
        #expect(followUp.contains("Результаты внутреннего расследования") && followUp.contains("token:crm"))
        let notice = IncidentNotices.draft(.subjects, incident: incident, policies: policies, language: .en).markdown
        #expect(notice.contains("Kofeyny Dom") && notice.contains("privacy@example.com"))
    }
}
