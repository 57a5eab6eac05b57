import Policy

/// Lays out the operator's policy on processing personal data (152-FZ art. 18.1 p. 2; for EU deployments the
/// information of GDPR art. 13–14).
struct ProcessingPolicyOutline {
    let facts: PolicyFacts

    init(policies: PolicySet, language: Language) {
        facts = PolicyFacts(policies: policies, language: language)
    }

    private func t(_ russian: String, _ english: String) -> String { facts.t(russian, english) }

    var document: RenderableDocument {
        let profile = facts.profile
        let ru = facts.language == .ru
        return RenderableDocument(
            language: facts.language,
            title: t("Политика в отношении обработки персональных данных",
                     "Policy on the processing of personal data"),
            subtitle: [
                profile.name[facts.language],
                t("документ опубликован во исполнение ч. 2 ст. 18.1 Федерального закона № 152-ФЗ «О персональных "
                    + "данных»", "published under 152-FZ art. 18.1 p. 2 and GDPR Articles 13 and 14"),
            ],
            centredTitle: true,
            blocks: general + purposes + recipients + transfers + storage + rights(ru: ru) + security)
    }

    private var general: [DocumentBlock] {
        [
            .heading(level: 2, t("1. Общие положения и оператор", "1. General provisions and the operator")),
            .paragraph([.text(t(
                "Настоящая политика определяет цели, правовые основания, состав и сроки обработки персональных "
                    + "данных, меры по их защите и порядок реализации прав субъектов. Политика действует в отношении "
                    + "всех персональных данных, которые обрабатывает оператор.",
                "This policy sets out the purposes, legal bases, scope and periods of the processing of personal "
                    + "data, the measures that protect it and how data subjects exercise their rights. It covers all "
                    + "personal data the operator processes."))]),
            .facts(facts.operatorFacts),
        ]
    }

    private var purposes: [DocumentBlock] {
        var blocks: [DocumentBlock] = [
            .heading(level: 2, t("2. Цели, правовые основания, состав и сроки обработки",
                                 "2. Purposes, legal bases, data and periods")),
        ]
        for (index, purpose) in facts.policies.purposes.enumerated() {
            blocks.append(.heading(level: 3, "2.\(index + 1). \(purpose.description[facts.language])"))
            var items: [DocumentBlock.Fact] = [
                .init(t("Правовое основание", "Legal basis"), purpose.legalBasis.label[facts.language]),
                .init(t("Категории субъектов", "Categories of data subjects"), facts.subjects(purpose)),
                .init(t("Сроки обработки и хранения", "Retention"), facts.retention(purpose)),
            ]
            let recipients = facts.recipients(purpose)
            if !recipients.isEmpty {
                items.append(.init(t("Получатели", "Recipients"),
                                   recipients.map { $0.label[facts.language] }.joined(separator: "; ")))
            }
            if let notice = purpose.notice {
                items.append(.init(t("Согласие", "Consent"),
                                   [.text(t("отдельный документ ", "a separate document ")),
                                    .code("consent-\(purpose.name)"),
                                    .text(t(", редакция \(notice.version)", ", version \(notice.version)"))]))
            }
            blocks.append(.facts(items))
            blocks.append(.bullets(facts.dataList(purpose)))
        }
        blocks.append(.paragraph([.text(t(
            "Действия с персональными данными: \(facts.actions). Способ обработки: \(facts.method).",
            "Operations on personal data: \(facts.actions). Method: \(facts.method)."))]))
        return blocks
    }

    private var recipients: [DocumentBlock] {
        let profile = facts.profile
        var blocks: [DocumentBlock] = [
            .heading(level: 2, t("3. Получатели и лица, обрабатывающие данные по поручению оператора",
                                 "3. Recipients and processors")),
        ]
        let rows: [[[DocumentInline]]] = facts.policies.recipients.map { recipient in
            let processor = facts.processor(for: recipient)
            return [
                [.text(recipient.label[facts.language])],
                [.text(processor.map { "\($0.name[facts.language]), \($0.address[facts.language])" } ?? "—")],
                [.text(facts.country(recipient.country))],
                [.text(processor?.activity[facts.language] ?? "—")],
            ]
        }
        blocks.append(.table(DocumentTable(
            headers: [t("Получатель", "Recipient"), t("Обработчик, адрес", "Processor and address"),
                      t("Страна хранения", "Country of storage"), t("Что делает", "What it does")],
            rows: rows)))
        let unlinked = profile.processors.filter { $0.recipient == nil }
        if !unlinked.isEmpty {
            blocks.append(.bullets(unlinked.map {
                [.strong($0.name[facts.language]), .text(", \($0.address[facts.language]): \($0.activity[facts.language])")]
            }))
        }
        return blocks
    }

    private var transfers: [DocumentBlock] {
        let abroad = facts.policies.recipients.filter(\.crossBorder)
        var blocks: [DocumentBlock] = [.heading(level: 2, t("4. Трансграничная передача", "4. Transfers abroad"))]
        guard !abroad.isEmpty else {
            blocks.append(.paragraph([.text(t("Трансграничная передача персональных данных не осуществляется.",
                                              "Personal data is not transferred abroad."))]))
            return blocks
        }
        for recipient in abroad {
            var runs: [DocumentInline] = [.strong(recipient.label[facts.language]), .text(" — \(facts.country(recipient.country)). ")]
            if let basis = recipient.transferBasis { runs.append(.text(basis[facts.language] + " ")) }
            runs += facts.notificationState(recipient)
            blocks.append(.callout(.warning, runs))
        }
        return blocks
    }

    private var storage: [DocumentBlock] {
        [
            .heading(level: 2, t("5. Место хранения и уничтожение", "5. Where the data is kept and how it is destroyed")),
            .paragraph([.text(t(
                "Базы данных, содержащие персональные данные, находятся: \(facts.profile.dataLocation[facts.language]) "
                    + "(ч. 5 ст. 18 152-ФЗ). По достижении целей обработки, по отзыву согласия или требованию "
                    + "субъекта данные уничтожаются в сроки ст. 21 152-ФЗ; уничтожение подтверждается актом и "
                    + "выгрузкой из журнала (приказ Роскомнадзора № 179).",
                "The databases holding personal data are located at: \(facts.profile.dataLocation[facts.language]). "
                    + "When a purpose is achieved, consent is withdrawn or the person asks, the data is erased within "
                    + "the legal time limits; each erasure is recorded in a destruction record with a log extract."))]),
        ]
    }

    private func rights(ru: Bool) -> [DocumentBlock] {
        let contact = facts.profile.contact
        let items: [[DocumentInline]] = ru ? [
            [.strong("Доступ"), .text(" — получить сведения об обработке и сами данные (ст. 14); ответ — в течение 10 "
                + "рабочих дней, с продлением не более чем на 5 рабочих дней.")],
            [.strong("Уточнение, блокирование, уничтожение"), .text(" неполных, неточных, незаконно полученных или "
                + "ненужных данных (ст. 14, 20, 21).")],
            [.strong("Отзыв согласия"), .text(" — в любой момент, так же просто, как оно было дано (ст. 9 ч. 2); данные, "
                + "обрабатываемые только на основании согласия, уничтожаются в течение 30 дней.")],
            [.strong("Возражение против рекламы"), .text(" — рекламные звонки, SMS и рассылки прекращаются немедленно "
                + "(ст. 15; ст. 18 38-ФЗ).")],
            [.strong("Обжалование"), .text(" действий оператора в Роскомнадзор или в суд (ст. 17).")],
        ] : [
            [.strong("Access"), .text(" to the data and information about its processing (GDPR Art. 15).")],
            [.strong("Rectification, erasure, restriction"), .text(" (Art. 16, 17, 18) and data portability (Art. 20).")],
            [.strong("Withdrawal of consent"), .text(" at any time, as easily as it was given (Art. 7(3)).")],
            [.strong("Objection"), .text(" to direct marketing at any time (Art. 21(2)-(3)).")],
            [.strong("Complaint"), .text(" to a supervisory authority (Art. 77).")],
        ]
        return [
            .heading(level: 2, t("6. Права субъектов персональных данных", "6. Your rights")),
            .bullets(items),
            .paragraph([.text(t("Обращения принимаются по адресу \(facts.profile.address[facts.language]) и по "
                                    + "контактам: \(contact).",
                                "Requests go to \(facts.profile.address[facts.language]) or \(contact)."))]),
        ]
    }

    private var security: [DocumentBlock] {
        [
            .heading(level: 2, t("7. Меры по обеспечению безопасности", "7. Security measures")),
            .bullets(facts.securityMeasures),
        ]
    }
}
