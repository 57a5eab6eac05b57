import Policy

/// Lays out the notification of an intended cross-border transfer to one recipient abroad (152-FZ art. 12 p. 4),
/// with the information about the recipient the operator must collect first (p. 5).
struct CrossBorderNotificationOutline {
    let recipient: Recipient
    let facts: PolicyFacts

    init(recipient: Recipient, policies: PolicySet, language: Language) {
        self.recipient = recipient
        self.facts = PolicyFacts(policies: policies, language: language)
    }

    private func t(_ russian: String, _ english: String) -> String { facts.t(russian, english) }
    private var lang: Language { facts.language }

    var document: RenderableDocument {
        let profile = facts.profile
        let purposes = facts.policies.purposes(feeding: recipient.name)
        let country = facts.country(recipient.country)
        var blocks: [DocumentBlock] = [
            .heading(level: 2, t("1. Оператор", "1. The operator")),
            .facts(facts.operatorFacts + [
                .init(t("Дата и номер уведомления об обработке (ст. 22)", "Date and number of the art. 22 notification"),
                      [.blank]),
            ]),
            .heading(level: 2, t("2. Получатель и государство", "2. Recipient and country")),
            .facts([
                .init(t("Получатель", "Recipient"), [.strong(recipient.label[lang])]),
                .init(t("Иностранное государство", "Foreign country"), country),
                .init(t("Подключение pdgate", "pdgate connector"), [.code(recipient.connector.rawValue)]),
                .init(t("Основание и гарантии", "Basis and safeguards"), recipient.transferBasis?[lang] ?? "—"),
            ]),
            .heading(level: 2, t("3. Цели, данные и субъекты", "3. Purposes, data and data subjects")),
        ]
        for purpose in purposes {
            blocks.append(.heading(level: 3, purpose.description[lang]))
            blocks.append(.facts([
                .init(t("Правовое основание", "Legal basis"), purpose.legalBasis.label[lang]),
                .init(t("Категории субъектов", "Categories of data subjects"), facts.subjects(purpose)),
            ]))
            blocks.append(.bullets(facts.dataList(purpose)))
        }
        blocks += [
            .heading(level: 2, t("4. Сведения о получателе (ч. 5 ст. 12)", "4. About the recipient (art. 12 p. 5)")),
            .paragraph([.text(t(
                "До подачи уведомления оператор получает от получателя сведения о принимаемых им мерах защиты, "
                    + "условиях прекращения обработки и правовом регулировании в государстве получателя:",
                "Before notifying, the operator obtains from the recipient its protection measures, the conditions "
                    + "on which it stops processing, and the law of its country on personal data:"))]),
            .facts([
                .init(t("Меры по защите и условия прекращения обработки", "Protection measures and end of processing"),
                      [.blank]),
                .init(t("Правовое регулирование в государстве получателя", "Data-protection law of the country"),
                      [.blank]),
                .init(t("Наименование, контакты получателя", "Recipient's name and contacts"), [.blank]),
            ]),
            .heading(level: 2, t("5. Состояние уведомления", "5. Notification status")),
            .callout(profile.transferNotification(for: recipient.name) == nil ? .warning : .info,
                     facts.notificationState(recipient) + [.text(t(
                        " Пока уведомление не записано в operator.yaml (transfer_notifications.\(recipient.name)), "
                            + "pdgate не передаёт этому получателю персональные данные.",
                        " Until the notification is recorded in operator.yaml (transfer_notifications."
                            + "\(recipient.name)), pdgate sends no personal data to this recipient."))]),
            .table(DocumentTable(headers: [t("Должность", "Position"), t("Подпись", "Signature"),
                                           t("Расшифровка, дата", "Name, date")],
                                 rows: [[[], [], []]], style: .signatures)),
        ]
        return RenderableDocument(
            language: lang,
            title: t("Уведомление о намерении осуществлять трансграничную передачу персональных данных",
                     "Notification of an intended cross-border transfer of personal data"),
            subtitle: [
                "\(recipient.label[lang]) — \(country)",
                t("ч. 4 ст. 12 Федерального закона № 152-ФЗ", "152-FZ art. 12 p. 4"),
            ],
            centredTitle: true,
            blocks: blocks)
    }
}
