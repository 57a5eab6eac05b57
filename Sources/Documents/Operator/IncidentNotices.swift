import Foundation
public import Policy
public import Requests

/// Drafts of the notifications a breach calls for, generated from the register entry and `operator.yaml`: the
/// initial and follow-up notifications to Roskomnadzor (152-FZ art. 21 p. 3.1 items 1 and 2) and the notice to the
/// people affected (GDPR art. 34; 152-FZ art. 21 p. 3 asks to tell the person once the violation is removed).
///
/// Drafts: the officer completes and sends them through the regulator's portal, then records the sending with
/// `pdgate incident update --sent`.
public enum IncidentNotices {
    /// Which draft.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// Within 24 hours: the incident, presumed causes, harm, measures, the contact person.
        case initial
        /// Within 72 hours: the results of the internal investigation and who caused it.
        case followUp = "follow_up"
        /// To the people affected.
        case subjects
    }

    /// Renders one draft as a document.
    public static func draft(_ kind: Kind, incident: Incident, policies: PolicySet, language: Language)
        -> GeneratedDocument
    {
        GeneratedDocument(
            kind: .roskomnadzorNotification, name: "\(incident.reference)-\(kind.rawValue)",
            document: outline(kind, incident: incident, policies: policies, language: language))
    }

    static func outline(_ kind: Kind, incident: Incident, policies: PolicySet, language: Language)
        -> RenderableDocument
    {
        let facts = PolicyFacts(policies: policies, language: language)
        let t = { (ru: String, en: String) in language.choose(ru, en) }
        let dates = DocumentDateFormat(language: language, timeZone: DocumentTimeZone.zone(
            forJurisdiction: policies.operatorDetails.jurisdiction))
        let categories = incident.affectedCategories.map { language.categoryName($0) }.joined(separator: ", ")
        let pending = t("<заполните>", "<fill in>")
        let what: [DocumentBlock.Fact] = [
            .init(t("Номер инцидента", "Incident"), [.code(incident.reference)]),
            .init(t("Выявлен", "Detected"), dates.dayAndTime(incident.detectedAt) + " (\(dates.zoneLabel(at: incident.detectedAt)))"),
            .init(t("Что произошло", "What happened"), incident.summary),
            .init(t("Затронутые системы", "Systems involved"),
                  incident.systems.isEmpty ? "—" : incident.systems.joined(separator: ", ")),
            .init(t("Категории персональных данных", "Categories of personal data"), categories.isEmpty ? "—" : categories),
            .init(t("Число субъектов (по журналу регистрации событий)", "People affected (from the audit log)"),
                  [.strong("\(incident.affectedCount)")]),
        ]
        switch kind {
        case .initial:
            return RenderableDocument(
                language: language,
                title: t("Уведомление о факте неправомерной передачи (предоставления, распространения, доступа) "
                            + "персональных данных", "Notification of a personal data breach"),
                subtitle: [t("первичное, в течение 24 часов — п. 1 ч. 3.1 ст. 21 152-ФЗ",
                             "initial notification — 152-FZ art. 21 p. 3.1 item 1; GDPR art. 33")],
                centredTitle: true,
                blocks: [
                    .heading(level: 2, t("1. Оператор", "1. Operator")), .facts(facts.operatorFacts),
                    .heading(level: 2, t("2. Инцидент", "2. The incident")), .facts(what),
                    .heading(level: 2, t("3. Предполагаемые причины", "3. Presumed causes")),
                    .paragraph([.text(incident.cause ?? pending)]),
                    .heading(level: 2, t("4. Предполагаемый вред правам субъектов", "4. Presumed harm to the people")),
                    .paragraph([.text(incident.consequences ?? pending)]),
                    .heading(level: 2, t("5. Принятые меры по устранению последствий", "5. Measures taken")),
                    .paragraph([.text(incident.measures ?? pending)]),
                    .heading(level: 2, t("6. Лицо, уполномоченное на взаимодействие с Роскомнадзором",
                                         "6. Person authorised to deal with the regulator")),
                    .paragraph([.text("\(facts.profile.responsiblePerson[language]); \(facts.profile.contact)")]),
                ])
        case .followUp:
            return RenderableDocument(
                language: language,
                title: t("Дополнительное уведомление о результатах внутреннего расследования",
                         "Follow-up notification: results of the internal investigation"),
                subtitle: [t("в течение 72 часов — п. 2 ч. 3.1 ст. 21 152-ФЗ",
                             "within 72 hours — 152-FZ art. 21 p. 3.1 item 2; GDPR art. 33(4)")],
                centredTitle: true,
                blocks: [
                    .heading(level: 2, t("1. Оператор", "1. Operator")), .facts(facts.operatorFacts),
                    .heading(level: 2, t("2. Инцидент", "2. The incident")), .facts(what),
                    .heading(level: 2, t("3. Результаты внутреннего расследования", "3. Findings of the investigation")),
                    .paragraph([.text(incident.cause ?? pending)]),
                    .heading(level: 2, t("4. Лица, действия которых стали причиной", "4. Whose actions caused it")),
                    .paragraph([.text(incident.principals.isEmpty ? pending
                                      : incident.principals.joined(separator: ", "))]),
                    .heading(level: 2, t("5. Принятые меры", "5. Measures taken")),
                    .paragraph([.text(incident.measures ?? pending)]),
                    .bullets(incident.updates.map {
                        [.text("\(dates.dayAndTime($0.at)) — \($0.note)")]
                    }),
                ])
        case .subjects:
            return RenderableDocument(
                language: language,
                title: t("Уведомление об инциденте с вашими персональными данными",
                         "Notice of an incident affecting your personal data"),
                subtitle: [facts.profile.name[language]],
                centredTitle: false,
                blocks: [
                    .paragraph([.text(t(
                        "Сообщаем, что \(dates.day(incident.detectedAt)) мы выявили инцидент, затронувший ваши "
                            + "персональные данные: \(incident.summary)",
                        "On \(dates.day(incident.detectedAt)) we detected an incident that affected your personal "
                            + "data: \(incident.summary)"))]),
                    .facts([
                        .init(t("Какие данные", "Which data"), categories.isEmpty ? "—" : categories),
                        .init(t("Возможные последствия", "Likely consequences"), incident.consequences ?? pending),
                        .init(t("Что мы сделали", "What we have done"), incident.measures ?? pending),
                    ]),
                    .paragraph([.text(t(
                        "Рекомендуем с осторожностью относиться к звонкам и письмам от имени нашей компании. "
                            + "Вопросы направляйте: \(facts.profile.contact); ответственный — "
                            + "\(facts.profile.responsiblePerson[language]).",
                        "Please be wary of calls and messages claiming to come from us. Questions: "
                            + "\(facts.profile.contact); contact person: \(facts.profile.responsiblePerson[language])."))]),
                ])
        }
    }
}
