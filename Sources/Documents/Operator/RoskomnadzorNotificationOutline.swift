import Policy

/// Lays out the content of the notification of processing to Roskomnadzor, item by item of 152-FZ art. 22 p. 3
/// (submitted through the regulator's portal; this document is the operator's prepared text and file copy).
struct RoskomnadzorNotificationOutline {
    let facts: PolicyFacts

    init(policies: PolicySet, language: Language) {
        facts = PolicyFacts(policies: policies, language: language)
    }

    private func t(_ russian: String, _ english: String) -> String { facts.t(russian, english) }
    private var lang: Language { facts.language }

    var document: RenderableDocument {
        let profile = facts.profile
        let purposes = facts.policies.purposes
        let abroad = facts.policies.recipients.filter(\.crossBorder)
        let bases = Array(Set(purposes.map(\.legalBasis))).sorted { $0.rawValue < $1.rawValue }
        let categories = FieldCategory.allCases.filter { category in
            purposes.contains { $0.fields.contains { facts.policies.fields.field(named: $0)?.category == category } }
        }
        let item: (String, String, String, [DocumentInline]) -> [DocumentInline] = { number, ru, en, value in
            [.strong("\(number). \(self.t(ru, en)): ")] + value
        }
        var items: [[DocumentInline]] = [
            item("1", "Наименование (ФИО), адрес оператора", "Operator's name and address",
                 [.text("\(profile.name[lang]), \(profile.address[lang]); ИНН \(profile.inn), ОГРН \(profile.ogrn)")]),
            item("2", "Цели обработки персональных данных", "Purposes of processing",
                 [.text(purposes.map { $0.description[lang] }.joined(separator: "; "))]),
            item("3", "Категории персональных данных", "Categories of personal data",
                 [.text(categories.map { category in
                     let names = facts.policies.fields.fields.filter { field in
                         field.category == category && purposes.contains { $0.fields.contains(field.name) }
                     }.map { $0.label(in: lang) }
                     return "\(category.label[lang]) (\(names.joined(separator: ", ")))"
                 }.joined(separator: "; "))]),
            item("4", "Категории субъектов, персональные данные которых обрабатываются",
                 "Categories of data subjects",
                 [.text(facts.policies.dataSubjects.map { $0.label[lang] }.joined(separator: "; "))]),
            item("5", "Правовое основание обработки", "Legal basis",
                 [.text(bases.map { $0.label[lang] }.joined(separator: "; "))]),
            item("6", "Перечень действий, способы обработки", "Operations and methods",
                 [.text("\(facts.actions); \(facts.method)")]),
            item("7", "Меры по обеспечению безопасности (ст. 18.1, 19), в том числе шифрование",
                 "Security measures (art. 18.1, 19), including encryption",
                 [.text(facts.policies.ropa().securityMeasures.map { $0[lang] }.joined(separator: " "))]),
            item("7.1", "Ответственный за организацию обработки, его телефон, почтовый и электронный адрес",
                 "Person responsible for organising processing, with phone, postal and e-mail address",
                 [.text("\(profile.responsiblePerson[lang]); \(profile.address[lang]); \(profile.contact)")]),
            item("8", "Дата начала обработки персональных данных", "Date processing started", [.blank]),
            item("9", "Срок или условие прекращения обработки", "Term or condition for ending processing",
                 [.text(t("достижение целей обработки, истечение сроков хранения по retention.yaml, отзыв согласия, "
                            + "ликвидация оператора",
                          "achievement of the purposes, end of the retention periods, withdrawal of consent, "
                            + "liquidation of the operator"))]),
            item("10", "Осуществление трансграничной передачи", "Cross-border transfer",
                 abroad.isEmpty ? [.text(t("не осуществляется", "none"))]
                    : [.text(t("осуществляется: ", "yes: ")
                        + abroad.map { "\($0.label[lang]) — \(facts.country($0.country))" }.joined(separator: "; "))]),
            item("10.1", "Сведения о месте нахождения базы данных с персональными данными граждан РФ",
                 "Location of the database with Russian citizens' personal data",
                 [.text("\(facts.country(profile.dataCountry)): \(profile.dataLocation[lang])")]),
            item("11", "Сведения об обеспечении безопасности в соответствии с требованиями Правительства РФ",
                 "Security in line with the Government's requirements",
                 [.text(t("информационная система \(profile.informationSystem[lang]); уровень защищённости "
                            + "определяется актом оператора; средства шифрования libsodium не являются "
                            + "сертифицированными ФСБ СКЗИ",
                          "information system \(profile.informationSystem[lang]); the protection level is set by the "
                            + "operator's own act; libsodium encryption is not an FSB-certified tool"))]),
        ]
        if !profile.processors.isEmpty {
            items.append([.strong(t("Лица, обрабатывающие данные по поручению оператора: ", "Processors: "))]
                + [.text(profile.processors.map { "\($0.name[lang]), \($0.address[lang])" }.joined(separator: "; "))])
        }
        return RenderableDocument(
            language: lang,
            title: t("Уведомление об обработке персональных данных", "Notification of personal data processing"),
            subtitle: [t("содержание уведомления в Роскомнадзор по ч. 3 ст. 22 Федерального закона № 152-ФЗ",
                         "content of the notification to Roskomnadzor under 152-FZ art. 22 p. 3")],
            centredTitle: true,
            blocks: [.bullets(items),
                     .table(DocumentTable(headers: [t("Должность", "Position"), t("Подпись", "Signature"),
                                                    t("Расшифровка, дата", "Name, date")],
                                          rows: [[[], [], []]], style: .signatures))])
    }
}
