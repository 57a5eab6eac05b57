import Foundation
import Policy
import Requests

/// Lays out a ``DestructionAct`` and its log extract as the blocks of a ``RenderableDocument`` in one language.
///
/// Follows the items of Roskomnadzor Order No. 179 of 28.10.2022 (requirements to the act and to the log extract
/// for automated processing). Holds raw values only; the renderers escape them.
struct DestructionActOutline {
    let act: DestructionAct
    let language: Language
    let dates: DocumentDateFormat
    /// The fields' labels in `language`, from `fields.yaml`, by field name.
    let labels: [String: String]

    init(_ act: DestructionAct, language: Language, timeZone: TimeZone, fields: FieldCatalogue?) {
        self.act = act
        self.language = language
        self.dates = DocumentDateFormat(language: language, timeZone: timeZone)
        var labels: [String: String] = [:]
        for field in fields?.fields ?? [] { labels[field.name] = field.label(in: language) }
        self.labels = labels
    }

    /// A field as the act names it: its label in the act's language, with the vault's name beside it.
    private func field(_ name: String) -> [DocumentInline] {
        guard let label = labels[name] else { return [.code(name)] }
        return [.text(label + " "), .code(name)]
    }

    /// The act followed by the log extract.
    var document: RenderableDocument {
        RenderableDocument(
            language: language,
            title: t(
                "Акт об уничтожении персональных данных № \(act.number)",
                "Record of destruction of personal data No. \(act.number)"),
            subtitle: [
                t("от \(dates.day(act.date))", "dated \(dates.day(act.date))"),
                t(
                    "составлен по требованиям приказа Роскомнадзора от 28.10.2022 № 179",
                    "in the form of Roskomnadzor Order No. 179 of 28 October 2022; evidence of erasure under "
                        + "GDPR Art. 5(2) and 17"),
            ],
            centredTitle: true,
            blocks: operatorSection + destruction + held + connectors + signatures + logExtract)
    }

    private func t(_ russian: String, _ english: String) -> String {
        language.choose(russian, english)
    }

    private var operatorSection: [DocumentBlock] {
        [
            .heading(level: 2, t("1. Оператор", "1. Operator (controller)")),
            .facts([
                .init(t("Наименование", "Name"), act.operatorInfo.name),
                .init(t("Адрес", "Address"), act.operatorInfo.address),
                .init(t("Контакты", "Contact"), act.operatorInfo.contact),
            ] + (act.operatorInfo.registration.map { [.init(t("ИНН / ОГРН", "Registration"), $0)] } ?? [])
                + [processorFact]),
        ]
    }

    /// The processors from `operator.yaml`, or a line to fill in by hand when the act carries none.
    private var processorFact: DocumentBlock.Fact {
        let label = t("Лицо, обрабатывающее данные по поручению оператора", "Processor acting for the operator")
        if let processors = act.operatorInfo.processors {
            return .init(label, processors.isEmpty ? t("нет", "none") : processors.joined(separator: "; "))
        }
        return .init(label, [.blank, .text(t("(наименование, адрес — при наличии)", "(name and address, if any)"))])
    }

    private var destruction: [DocumentBlock] {
        [
            .heading(level: 2, t("2. Сведения об уничтожении", "2. What was destroyed")),
            .facts(subjectFacts + [
                .init(t("Категории уничтоженных данных", "Categories of data destroyed"), categories(act.categories)),
                .init(
                    t("Информационная система, носители", "Information system and carriers"), act.informationSystem),
                .init(t("Способ уничтожения", "Method of destruction"), act.method),
                .init(t("Причина уничтожения", "Reason"), reason),
                .init(t("Дата уничтожения", "Date of destruction"), [.strong(dates.day(act.date))]),
            ]),
            .paragraph([.text(t(
                "Фамилия, имя, отчество субъекта прочитаны перед уничтожением и хранятся только в этом акте, в течение "
                    + "срока его хранения (три года); субъект без ФИО указан псевдонимом — иной информацией, "
                    + "позволяющей его определить (приказ № 179).",
                "The subject's full name was read before the destruction and is kept only in this record, for its "
                    + "retention of three years; a subject without a name is identified by pseudonym (other "
                    + "identifying information, as Order No. 179 allows)."))]),
            .heading(level: 3, t("Перечень уничтоженных полей", "Fields destroyed")),
            .table(DocumentTable(
                headers: [t("№", "No."), t("Поле", "Field")],
                rows: act.fields.enumerated().map { index, name in [[.text("\(index + 1)")], field(name)] },
                style: .compact)),
        ]
    }

    private var held: [DocumentBlock] {
        var blocks: [DocumentBlock] = [
            .heading(level: 2, t("3. Данные, оставленные на обязательном хранении", "3. Data kept under a legal hold"))
        ]
        guard !act.heldFields.isEmpty else {
            blocks.append(.paragraph([.text(t(
                "Нет: уничтожены все данные субъекта.", "None: all of the subject’s data was destroyed."))]))
            return blocks
        }
        let until = act.holdEnds.map { dates.day($0) } ?? t("не указано", "not stated")
        blocks.append(.paragraph([.text(t(
            "Эти данные закон обязывает хранить (например, бухгалтерские документы — ст. 29 402-ФЗ). Они "
                + "заблокированы: только хранятся, не используются и не передаются, — и будут уничтожены по "
                + "окончании срока хранения.",
            "The law requires these to be kept (for example, accounting records under 402-FZ Art. 29). They are "
                + "blocked: only stored, neither used nor disclosed, and will be destroyed when the hold ends."))]))
        blocks.append(.table(DocumentTable(
            headers: [t("№", "No."), t("Поле", "Field"), t("Заблокировано до", "Held until")],
            rows: act.heldFields.enumerated().map { index, name in
                [[.text("\(index + 1)")], field(name), [.text(until)]]
            },
            style: .compact)))
        return blocks
    }

    private var connectors: [DocumentBlock] {
        var blocks: [DocumentBlock] = [
            .heading(level: 2, t("4. Внешние системы (получатели)", "4. External systems (recipients)"))
        ]
        guard !act.connectors.isEmpty else {
            blocks.append(.paragraph([.text(t(
                "Данные субъекта во внешние системы не передавались.",
                "The subject’s data was not held in any external system."))]))
            return blocks
        }
        blocks.append(.table(DocumentTable(
            headers: [t("Система", "System"), t("Результат", "Outcome")],
            textRows: act.connectors.map { [$0.connector, outcome($0.outcome)] }, style: .compact)))
        return blocks
    }

    private var signatures: [DocumentBlock] {
        let blank: [[DocumentInline]] = [[], [], [], []]
        // "Иванова Анна Сергеевна, руководитель службы": the name, then the position.
        func person(_ text: String?, _ role: String) -> [[DocumentInline]] {
            let parts = (text ?? "").split(separator: ",", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            return [[.text(role + (parts.count > 1 ? parts[1] : ""))], parts.first.map { [.text($0)] } ?? [], [], []]
        }
        var rows = [person(act.performer, t("Исполнитель (\(act.performedBy)): ", "Performer (\(act.performedBy)): "))]
        rows.append(act.approvedBy.map { person($0, t("Утвердил: ", "Approved by: ")) } ?? blank)
        return [
            .heading(level: 2, t("5. Лица, уничтожившие персональные данные", "5. Persons who destroyed the data")),
            .facts([
                .init(t("Выполнено в системе пользователями", "Performed in the system by"), act.performedBy)
            ]),
            .table(DocumentTable(
                headers: [
                    t("Должность", "Position"), t("Фамилия, имя, отчество", "Full name"), t("Подпись", "Signature"),
                    t("Дата", "Date"),
                ],
                rows: rows + [blank], style: .signatures)),
            .paragraph([.text(t(
                "Акт в электронной форме подписывается электронной подписью. Акт и выгрузка из журнала хранятся "
                    + "три года с даты уничтожения отдельно от уничтоженных данных; доступ — только у ответственного "
                    + "за организацию обработки персональных данных.",
                "An electronic act is signed with an electronic signature. The act and the log extract are kept for "
                    + "three years from the date of destruction, apart from the data destroyed, readable only by the "
                    + "person responsible for personal data."))]),
        ]
    }

    private var logExtract: [DocumentBlock] {
        let zone = dates.zoneLabel(at: act.date)
        let rows: [[[DocumentInline]]] = act.logExtract.map { line in
            [
                [.text("\(line.seq)")],
                [.text(dates.dayAndTime(line.at, seconds: true))],
                [.code(line.action)],
                [.text(line.principal)],
                line.fields.isEmpty ? [.text("—")] : [.text(line.fields.joined(separator: ", "))],
            ]
        }
        var blocks: [DocumentBlock] = [
            .pageBreak,
            .heading(level: 2, t(
                "Приложение. Выгрузка из журнала регистрации событий в информационной системе",
                "Annex. Extract from the event log of the information system")),
            .paragraph([.text(t(
                "К акту № \(act.number) от \(dates.day(act.date)).",
                "To record No. \(act.number) dated \(dates.day(act.date))."))]),
            .facts(subjectFacts + [
                .init(t("Категории уничтоженных данных", "Categories of data destroyed"), categories(act.categories)),
                .init(t("Информационная система", "Information system"), act.informationSystem),
                .init(t("Причина уничтожения", "Reason"), reason),
                .init(t("Дата уничтожения", "Date of destruction"), dates.day(act.date)),
            ]),
        ]
        if rows.isEmpty {
            blocks.append(.callout(.warning, [.text(t(
                "Записей журнала нет: выгрузка пуста.", "The log extract is empty: no log entries were exported."))]))
        } else {
            blocks.append(.table(DocumentTable(
                headers: [
                    t("№ записи", "Entry"), t("Дата и время (\(zone))", "Date and time (\(zone))"),
                    t("Действие", "Action"), t("Кто выполнил", "Performed by"), t("Поля", "Fields"),
                ],
                rows: rows)))
        }
        return blocks
    }

    /// The subject: full names read before the destruction (when held), then pseudonyms.
    private var subjectFacts: [DocumentBlock.Fact] {
        var facts: [DocumentBlock.Fact] = []
        if let details = act.subjectDetails, details.contains(where: { $0 != "—" }) {
            facts.append(.init(t("Субъект персональных данных (ФИО)", "Data subject (full name)"),
                               details.joined(separator: "; ")))
        }
        facts.append(.init(t("Субъект персональных данных (псевдоним)", "Data subject (pseudonym)"),
                           [.code(act.subject)]))
        return facts
    }

    /// The reason in the act's language.
    private var reason: String {
        language == .ru ? DestructionReason.russian(act.reason) : act.reason
    }

    private func categories(_ items: [String]) -> String {
        items.isEmpty ? t("не указаны", "none stated") : items.map(language.categoryName).joined(separator: ", ")
    }

    private func outcome(_ outcome: String) -> String {
        let trimmed = outcome.trimmingCharacters(in: .whitespaces)
        switch trimmed.lowercased() {
        case "erased": return t("данные уничтожены", "erased")
        case "not_found": return t("данных о субъекте нет", "no data about the subject found")
        case "pending": return t("ожидается подтверждение", "awaiting confirmation")
        default:
            let prefix = "cannot_erase"
            guard trimmed.lowercased().hasPrefix(prefix) else { return trimmed }
            var reason = trimmed.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            if reason.hasPrefix(":") {
                reason = String(reason.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            let base = t("не может быть уничтожено", "cannot be erased")
            return reason.isEmpty ? base : "\(base): \(reason)"
        }
    }
}
