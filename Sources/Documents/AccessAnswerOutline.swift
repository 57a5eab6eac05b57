import Foundation
import Policy
import Requests

/// Lays out an ``AccessAnswer`` as the blocks of a ``RenderableDocument`` in one language.
///
/// Holds raw values only; the renderers escape them.
struct AccessAnswerOutline {
    let answer: AccessAnswer
    let language: Language
    let dates: DocumentDateFormat

    init(_ answer: AccessAnswer, language: Language, timeZone: TimeZone) {
        self.answer = answer
        self.language = language
        self.dates = DocumentDateFormat(language: language, timeZone: timeZone)
    }

    /// The whole answer.
    var document: RenderableDocument {
        var blocks = header + confirmation
        if answer.holdsData {
            blocks += data + purposes + recipients + consentHistory + holdings + sources
        }
        blocks += automatedDecisions + rights + operatorDetails + operatorDuties + footer
        return RenderableDocument(
            language: language,
            title: t("Ответ на запрос субъекта персональных данных", "Answer to your request for access to your data"),
            subtitle: [lawName], centredTitle: false, blocks: blocks)
    }

    /// The Russian or the English text, for the answer's language.
    func t(_ russian: String, _ english: String) -> String {
        language.choose(russian, english)
    }

    private var lawName: String {
        if answer.isRussian {
            return t(
                "Федеральный закон от 27.07.2006 № 152-ФЗ «О персональных данных», статьи 14, 20",
                "Russian Federal Law No. 152-FZ “On Personal Data”, Articles 14 and 20")
        }
        return t(
            "Общий регламент по защите данных (GDPR), статья 15",
            "General Data Protection Regulation (GDPR), Article 15")
    }

    private var none: String { t("нет", "none") }

    /// The mark set on a recipient abroad.
    private var abroadMark: String {
        answer.isRussian ? t("за пределами РФ", "outside Russia") : t("за пределами ЕС/ЕЭЗ", "outside the EU/EEA")
    }

    // MARK: Sections

    private var header: [DocumentBlock] {
        var facts: [DocumentBlock.Fact] = [
            .init(t("Номер запроса", "Request reference"), [.strong(answer.reference)]),
            .init(t("Дата ответа", "Date of this answer"), dates.day(answer.generatedAt)),
            .init(t("Оператор", "Controller"), answer.operatorInfo.name),
        ]
        if answer.holdsData {
            facts.append(.init(
                t("Ваш идентификатор в наших записях", "Your identifier in our records"), [.code(answer.subject)]))
        }
        return [.facts(facts)]
    }

    private var confirmation: [DocumentBlock] {
        var blocks: [DocumentBlock] = [
            .heading(level: 2, t("Обрабатываем ли мы ваши персональные данные?", "Do we hold data about you?"))
        ]
        guard answer.holdsData else {
            blocks.append(.callout(.info, [
                .strong(t("Нет. ", "No. ")),
                .text(t(
                    "Мы не храним и не обрабатываем ваши персональные данные: по сведениям, указанным в запросе, "
                        + "данных о вас в наших системах не найдено.",
                    "We do not hold or process any personal data about you: using the details given in your "
                        + "request, we found no data about you in our systems.")),
            ]))
            return blocks
        }
        blocks.append(.callout(.info, [
            .strong(t("Да. ", "Yes. ")),
            .text(t(
                "\(answer.operatorInfo.name) обрабатывает ваши персональные данные. Ниже — сами данные, цели и "
                    + "основания обработки, сроки хранения, получатели и ваши права.",
                "\(answer.operatorInfo.name) holds and processes personal data about you. Below are the data "
                    + "themselves, why and on what legal basis we use them, how long we keep them, who receives them "
                    + "and your rights.")),
        ]))
        if answer.isRestricted {
            blocks.append(.callout(.warning, [
                .strong(t("Обработка ограничена (данные заблокированы). ", "Processing is restricted. ")),
                .text(t(
                    "Ваши данные только хранятся: они не используются, не выгружаются и не передаются во внешние "
                        + "системы, пока ограничение действует.",
                    "Your data is only stored: it is not used, exported or sent to other systems while the "
                        + "restriction lasts.")),
            ]))
        } else {
            blocks.append(.facts([
                .init(t("Статус обработки", "Processing status"), t(
                    "обработка не ограничена (данные не заблокированы)", "not restricted: processing continues"))
            ]))
        }
        return blocks
    }

    private var data: [DocumentBlock] {
        var blocks: [DocumentBlock] = [
            .heading(level: 2, t("Ваши данные", "Your data")),
            .paragraph([.text(t(
                "Копия персональных данных, которые мы храним о вас. По запросу мы выдадим её и в машиночитаемом "
                    + "виде (JSON).",
                "A copy of the personal data we hold about you. On request we also provide it in a structured, "
                    + "machine-readable form (JSON)."))]),
        ]
        guard !answer.items.isEmpty else {
            blocks.append(.paragraph([.text(t("В нашей системе данных о вас нет.", "We hold no data in our system."))]))
            return blocks
        }
        let headers = [
            t("Данные", "Data"), t("Категория", "Category"), t("Значение", "Value"), t("Источник", "Source"),
            t("Хранятся с", "Held since"), t("Последнее подтверждение", "Last confirmed"),
        ]
        let rows: [[String]] = answer.items.map { item in
            [item.label, language.categoryName(item.category), item.value.isEmpty ? "—" : item.value, item.source,
             dates.day(item.storedSince), dates.day(item.lastConfirmed)]
        }
        blocks.append(.table(DocumentTable(headers: headers, textRows: rows)))
        if let withheld = answer.withheldFields, !withheld.isEmpty {
            let labels = withheld.map { answer.label(ofField: $0) }.joined(separator: ", ")
            blocks.append(.callout(.info, [.text(t(
                "\(labels): записи в свободной форме могут содержать сведения о других людях, поэтому мы выдаём их "
                    + "после проверки сотрудником. Чтобы получить их, ответьте на это письмо или напишите нам, указав "
                    + "номер запроса \(answer.reference).",
                "\(labels): free-text entries may contain information about other people, so we release them after a "
                    + "member of staff has checked them. To receive them, write to us quoting reference "
                    + "\(answer.reference)."))]))
        }
        return blocks
    }

    private var purposes: [DocumentBlock] {
        var blocks: [DocumentBlock] = [
            .heading(level: 2, t("Зачем и на каком основании мы обрабатываем данные", "Why we use your data"))
        ]
        guard !answer.purposes.isEmpty else {
            blocks.append(.paragraph([.text(t("Целей обработки нет.", "There are no purposes of processing."))]))
            return blocks
        }
        for purpose in answer.purposes {
            let title = purpose.description.isEmpty ? purpose.name : purpose.description
            let fields = purpose.fields.map { answer.label(ofField: $0) }.joined(separator: ", ")
            var recipientRuns: [DocumentInline] = []
            for (index, recipient) in purpose.recipients.enumerated() {
                if index > 0 {
                    recipientRuns.append(.text("; "))
                }
                recipientRuns.append(.text(recipient))
                if AccessAnswer.isCrossBorder(recipient) {
                    recipientRuns.append(.mark(abroadMark))
                }
            }
            blocks.append(.heading(level: 3, title))
            blocks.append(.facts([
                .init(t("Правовое основание", "Legal basis"), legalBasis(of: purpose)),
                .init(t("Данные", "Data used"), fields.isEmpty ? none : fields),
                .init(t("Срок хранения", "How long we keep it"), purpose.retention),
                .init(t("Получатели", "Recipients"), recipientRuns.isEmpty ? [.text(none)] : recipientRuns),
                .init(t("Применяется к вам сейчас", "Applies to you now"), applies(purpose)),
                .init(t("Код цели", "Purpose code"), [.code(purpose.name)]),
            ]))
        }
        return blocks
    }

    private var recipients: [DocumentBlock] {
        var blocks: [DocumentBlock] = [
            .heading(level: 2, t("Кто получает ваши данные", "Who receives your data")),
            .paragraph([.text(t(
                "Способы обработки: автоматизированная обработка — сбор, запись, хранение в зашифрованном виде, "
                    + "использование, передача получателям, перечисленным ниже, блокирование и уничтожение.",
                "How we process: by automated means: collection, recording, encrypted storage, use, disclosure to "
                    + "the recipients listed below, restriction and erasure."))]),
        ]
        if let received = answer.receivedBy {
            return blocks + storage + receivedBy(received)
        }
        let all = answer.recipients
        if all.isEmpty {
            blocks.append(.paragraph([.text(t(
                "Мы не передаём ваши данные другим лицам.", "We do not disclose your data to anyone else."))]))
        } else {
            blocks.append(.bullets(all.map { recipient in
                AccessAnswer.isCrossBorder(recipient)
                    ? [.text(recipient), .mark(abroadMark)]
                    : [.text(recipient)]
            }))
        }
        let abroad = answer.crossBorderRecipients
        if abroad.isEmpty {
            let text = answer.isRussian
                ? t("Трансграничной передачи ваших данных нет.", "Your data is not transferred outside Russia.")
                : t("Ваши данные не передаются за пределы ЕС/ЕЭЗ.", "Your data is not transferred outside the EU/EEA.")
            blocks.append(.paragraph([.text(text)]))
        } else {
            let list = abroad.joined(separator: "; ")
            let text = answer.isRussian
                ? t(
                    "Эти получатели находятся за пределами Российской Федерации, передача им данных — трансграничная "
                        + "передача (ст. 12 152-ФЗ): \(list).",
                    "These recipients are outside the Russian Federation; sending them data is a cross-border "
                        + "transfer (152-FZ Art. 12): \(list).")
                : t(
                    "Эти получатели находятся за пределами ЕС/ЕЭЗ, передача им данных — передача в третью страну "
                        + "(гл. V GDPR, ст. 44–49): \(list). По запросу мы предоставим сведения о применяемых "
                        + "гарантиях.",
                    "These recipients are outside the EU/EEA; sending them data is a transfer to a third country "
                        + "(GDPR Chapter V, Art. 44–49): \(list). On request we tell you the safeguards used.")
            let title = t("Трансграничная передача. ", "Transfers abroad. ")
            blocks.append(.callout(.warning, [.strong(title), .text(text)]))
        }
        if let transfers = answer.transfers, !transfers.isEmpty {
            blocks.append(.bullets(transfers.map { [.text($0)] }))
        }
        return blocks
    }

    /// Where the operator keeps the data, marked as a third country (with the safeguard) when it is one.
    private var storage: [DocumentBlock] {
        guard let storage = answer.storage else { return [] }
        var runs: [DocumentInline] = [.text("\(storage.description) (\(storage.country))")]
        if storage.abroad {
            runs.append(.mark(abroadMark))
            if let safeguard = storage.safeguard {
                runs.append(.text(" " + t("Гарантии: ", "Safeguards: ") + safeguard))
            }
        }
        return [.facts([.init(t("Где хранятся ваши данные", "Where we keep your data"), runs)])]
    }

    /// The recipients that actually received the person's data, with addresses, first delivery and, for those
    /// abroad, the basis and safeguards of the transfer.
    private func receivedBy(_ received: [AccessAnswer.RecipientDetail]) -> [DocumentBlock] {
        var blocks: [DocumentBlock] = []
        guard !received.isEmpty else {
            blocks.append(.paragraph([.text(t(
                "Ваши данные никому не передавались.", "Your data has not been disclosed to anyone."))]))
            return blocks + transfersAbroad([])
        }
        blocks.append(.paragraph([.text(t(
            "Ваши данные получили:", "Your data has been disclosed to:"))]))
        blocks.append(.bullets(received.map { recipient in
            var runs: [DocumentInline] = [.strong(recipient.name), .text(" (\(recipient.country))")]
            if recipient.abroad { runs.append(.mark(abroadMark)) }
            if let processor = recipient.processor {
                runs.append(.text(
                    t(". Обрабатывает по поручению оператора: ", ". Processor acting for us: ") + processor))
            }
            if let first = recipient.firstReceived {
                runs.append(.text(t(". Впервые переданы: ", ". First disclosed on ") + dates.day(first)))
            }
            return runs
        }))
        return blocks + transfersAbroad(received.filter(\.abroad))
    }

    /// The transfers abroad: for 152-FZ the cross-border transfers with their basis and notification; for the GDPR
    /// every third country, the operator's own storage included, with the safeguard used (art. 15(2)).
    private func transfersAbroad(_ abroad: [AccessAnswer.RecipientDetail]) -> [DocumentBlock] {
        let storageAbroad = answer.storage?.abroad == true
        guard !abroad.isEmpty || storageAbroad else {
            let text = answer.isRussian
                ? t("Трансграничной передачи ваших данных нет.", "Your data is not transferred outside Russia.")
                : t("Ваши данные не передаются за пределы ЕС/ЕЭЗ.", "Your data is not transferred outside the EU/EEA.")
            return [.paragraph([.text(text)])]
        }
        if answer.isRussian {
            let list = abroad.map(\.name).joined(separator: "; ")
            var blocks: [DocumentBlock] = [.callout(.warning, [
                .strong(t("Трансграничная передача. ", "Transfers abroad. ")),
                .text(t(
                    "Эти получатели находятся за пределами Российской Федерации, передача им данных — трансграничная "
                        + "передача (ст. 12 152-ФЗ): \(list).",
                    "These recipients are outside the Russian Federation; sending them data is a cross-border "
                        + "transfer (152-FZ Art. 12): \(list).")),
            ])]
            if let transfers = answer.transfers, !transfers.isEmpty {
                blocks.append(.bullets(transfers.map { [.text($0)] }))
            }
            return blocks
        }
        var lines: [[DocumentInline]] = []
        if let storage = answer.storage, storage.abroad {
            lines.append([
                .strong(t("Наша база данных", "Our own database")), .text(" → \(storage.country). "),
                .text(storage.safeguard ?? ""),
            ])
        }
        for recipient in abroad {
            lines.append([
                .strong(recipient.name), .text(" → \(recipient.country). "), .text(recipient.safeguard ?? ""),
            ])
        }
        return [
            .callout(.warning, [
                .strong(t("Передача в третьи страны. ", "Transfers to third countries. ")),
                .text(t(
                    "Следующие страны находятся за пределами ЕС/ЕЭЗ (гл. V GDPR, ст. 44–49). Для каждой передачи "
                        + "указаны применяемые гарантии (ст. 15(2) GDPR):",
                    "The following are outside the EU/EEA (GDPR Chapter V, Art. 44–49). The safeguards used for "
                        + "each transfer are stated (GDPR Art. 15(2)):")),
            ]),
            .bullets(lines),
        ]
    }

    private var consentHistory: [DocumentBlock] {
        var blocks: [DocumentBlock] = [.heading(level: 2, t("История ваших согласий", "Your consent history"))]
        guard !answer.consentHistory.isEmpty else {
            blocks.append(.paragraph([.text(t(
                "Согласий и их отзывов не зарегистрировано.", "No consent given or withdrawn is on record."))]))
            return blocks
        }
        let headers = [
            t("Цель", "Purpose"), t("Действие", "Action"), t("Дата и время", "Date and time"),
            t("Канал", "Channel"), t("Происхождение", "Origin"), t("Доказано", "Proven"),
            t("Текст согласия", "Consent notice"),
        ]
        let table = answer.consentHistory.map { line -> [[DocumentInline]] in
            [
                [.text(purposeTitle(line.purpose))],
                [.text(consentAction(line.action))],
                [.text(dates.dayAndTime(line.at))],
                [.text(line.channel)],
                [.text(provenance(line.provenance))],
                [.text(line.proven ? t("да", "yes") : t("нет", "no"))],
                line.notice.map { [.code($0)] } ?? [.text("—")],
            ]
        }
        blocks.append(.table(DocumentTable(headers: headers, rows: table)))
        blocks.append(.paragraph([.text(t(
            "Вы можете отозвать согласие в любой момент тем же способом, каким дали его, или написав нам.",
            "You can withdraw consent at any time, as easily as you gave it, or by writing to us."))]))
        return blocks
    }

    private var holdings: [DocumentBlock] {
        var blocks: [DocumentBlock] = [
            .heading(level: 2, t("Данные во внешних системах", "What our other systems hold")),
            .paragraph([.text(t(
                "Сведения, которые внешние системы сообщили при подготовке этого ответа.",
                "As each system reported when we read it for this answer."))]),
        ]
        guard !answer.holdings.isEmpty else {
            blocks.append(.paragraph([.text(t(
                "Внешние системы ваших данных не хранят.", "No external system holds data about you."))]))
            return blocks
        }
        for holding in answer.holdings {
            blocks.append(.heading(level: 3, holding.connector))
            if holding.fields.isEmpty {
                blocks.append(.paragraph([.text(t("Данных о вас нет.", "Holds no data about you."))]))
            } else {
                let rows = holding.fields.keys.sorted().map { key in
                    [answer.label(ofField: key), holding.fields[key] ?? ""]
                }
                blocks.append(.table(DocumentTable(
                    headers: [t("Поле", "Field"), t("Значение", "Value")], textRows: rows, style: .compact)))
            }
            if !holding.notes.isEmpty {
                blocks.append(.bullets(holding.notes.map { [.text($0)] }))
            }
        }
        return blocks
    }

    private var sources: [DocumentBlock] {
        var blocks: [DocumentBlock] = [.heading(level: 2, t("Откуда получены данные", "Where your data came from"))]
        let sources = answer.sources
        guard !sources.isEmpty else {
            blocks.append(.paragraph([.text(t("Источников нет.", "No sources."))]))
            return blocks
        }
        blocks.append(.bullets(sources.map { source in
            let labels = answer.items.filter { $0.source == source }.map(\.label).joined(separator: ", ")
            return [.strong(source), .text(": " + labels)]
        }))
        return blocks
    }

    private var automatedDecisions: [DocumentBlock] {
        let stated = answer.automatedDecisions.trimmingCharacters(in: .whitespacesAndNewlines)
        let text: String
        if stated.isEmpty || stated.lowercased() == "none" {
            text = answer.isRussian
                ? t(
                    "Нет. Решений, порождающих для вас юридические последствия или иным образом затрагивающих ваши "
                        + "права, на основании исключительно автоматизированной обработки мы не принимаем "
                        + "(ст. 16 152-ФЗ).",
                    "None. We take no decision that has legal effects on you or otherwise affects your rights based "
                        + "solely on automated processing (152-FZ Art. 16).")
                : t(
                    "Нет. Мы не принимаем решений на основании исключительно автоматизированной обработки, "
                        + "включая профилирование (ст. 22 GDPR).",
                    "None. We make no decisions about you based solely on automated processing, including "
                        + "profiling (GDPR Art. 22).")
        } else {
            text = stated
        }
        return [
            .heading(level: 2, t("Автоматизированное принятие решений", "Automated decision-making")),
            .paragraph([.text(text)]),
        ]
    }

    private var operatorDetails: [DocumentBlock] {
        [
            .heading(level: 2, t("Оператор", "Controller")),
            .facts([
                .init(t("Наименование", "Name"), answer.operatorInfo.name),
                .init(t("Адрес", "Address"), answer.operatorInfo.address),
                .init(t("Контакты для обращений", "Contact for data requests"), answer.operatorInfo.contact),
            ] + (answer.operatorInfo.registration.map {
                [.init(t("Регистрационные данные", "Registration"), $0)]
            } ?? []) + (answer.operatorInfo.processors.map { list -> [DocumentBlock.Fact] in
                list.isEmpty ? [] : [.init(
                    t("Лица, обрабатывающие данные по поручению оператора", "Processors acting for the controller"),
                    list.joined(separator: "; "))]
            } ?? [])),
        ]
    }

    /// How the operator meets 152-FZ art. 18.1 (art. 14 p. 7 item 9.1): the responsible person, the published
    /// policy and the measures; under the GDPR the data protection officer, when one is designated.
    private var operatorDuties: [DocumentBlock] {
        let info = answer.operatorInfo
        guard answer.isRussian else {
            guard let officer = info.responsiblePerson else { return [] }
            return [.facts([.init(t("Ответственный за защиту данных (DPO)", "Data protection officer"), officer)])]
        }
        var facts: [DocumentBlock.Fact] = []
        if let person = info.responsiblePerson {
            facts.append(.init(t("Ответственный за организацию обработки персональных данных",
                                 "Person responsible for organising the processing of personal data"), person))
        }
        if let url = info.policyURL {
            facts.append(.init(t("Политика обработки персональных данных", "Personal data processing policy"), url))
        }
        if let measures = info.protectionMeasures {
            facts.append(.init(t("Принятые меры", "Measures taken"), measures))
        }
        guard !facts.isEmpty else { return [] }
        return [
            .heading(level: 2, t(
                "Как мы выполняем обязанности оператора (ст. 18.1 152-ФЗ)",
                "How we meet the operator's duties (152-FZ Art. 18.1)")),
            .facts(facts),
        ]
    }

    private var footer: [DocumentBlock] {
        guard !answer.needsReview else {
            return [.paragraph([.text(t(
                "Ответ подготовлен \(dates.day(answer.generatedAt)) по запросу № \(answer.reference).",
                "Prepared on \(dates.day(answer.generatedAt)) in answer to request \(answer.reference)."))])]
        }
        return [
            .paragraph([.text(t(
                "Ответ подготовлен \(dates.day(answer.generatedAt)) по запросу № \(answer.reference). Он содержит "
                    + "сведения только о вас и не содержит данных других лиц.",
                "Prepared on \(dates.day(answer.generatedAt)) in answer to request \(answer.reference). It concerns "
                    + "you only and contains no one else’s data."))])
        ]
    }

    // MARK: Words

    private func purposeTitle(_ name: String) -> String {
        guard let purpose = answer.purposes.first(where: { $0.name == name }), !purpose.description.isEmpty else {
            return name
        }
        return purpose.description
    }

    /// Whether a purpose applies to the person now, and for a consent-based one why not.
    private func applies(_ purpose: AccessAnswer.PurposeUse) -> String {
        if purpose.active { return t("да", "yes") }
        switch purpose.consent {
        case "never_given": return t("нет: согласие не давалось", "no: consent was never given")
        case "withdrawn": return t("нет: согласие отозвано", "no: consent was withdrawn")
        default: return t("нет", "no")
        }
    }

    private func consentAction(_ action: String) -> String {
        switch action.lowercased() {
        case "given": t("дано", "given")
        case "withdrawn": t("отозвано", "withdrawn")
        default: action
        }
    }

    private func provenance(_ provenance: String) -> String {
        switch provenance.lowercased() {
        case "captured": t("получено и зафиксировано нашей системой", "captured and recorded by our system")
        case "legacy": t("перенесено из прежних записей", "carried over from earlier records")
        default: provenance
        }
    }
}
