import Policy

/// Shared wording for the operator's documents: operator blocks, data lists, recipients and transfers, in one
/// language.
struct PolicyFacts {
    let policies: PolicySet
    let language: Language

    var profile: OperatorProfile { policies.operatorDetails }

    func t(_ russian: String, _ english: String) -> String {
        language.choose(russian, english)
    }

    /// Name, address, registration numbers, responsible person and contacts.
    var operatorFacts: [DocumentBlock.Fact] {
        var facts: [DocumentBlock.Fact] = [
            .init(t("Наименование", "Name"), [.strong(profile.name[language])]),
            .init(t("Адрес", "Address"), profile.address[language]),
            .init(t("ИНН / ОГРН", "Taxpayer number (INN) / registration number (OGRN)"),
                  "\(profile.inn) / \(profile.ogrn)"),
            .init(t("Ответственный за организацию обработки персональных данных",
                    "Person responsible for organising the processing of personal data"),
                  profile.responsiblePerson[language]),
        ]
        if let dpo = profile.dataProtectionOfficer {
            facts.append(.init(t("Ответственный по защите данных (DPO)", "Data protection officer"), dpo[language]))
        }
        facts.append(.init(t("Контакты для обращений", "Contact for personal-data requests"), profile.contact))
        return facts
    }

    /// The fields of a purpose, labelled, by category: "Контактные данные: Телефон, E-mail".
    func dataList(_ purpose: Purpose) -> [[DocumentInline]] {
        let fields = purpose.fields.compactMap { policies.fields.field(named: $0) }
        return FieldCategory.allCases.compactMap { category in
            let matching = fields.filter { $0.category == category }
            guard !matching.isEmpty else { return nil }
            return [.strong(category.label[language] + ": "),
                    .text(matching.map { $0.label(in: language) }.joined(separator: ", "))]
        }
    }

    /// The categories of data subjects of a purpose.
    func subjects(_ purpose: Purpose) -> String {
        purpose.dataSubjects.compactMap { name in
            policies.dataSubjects.first { $0.name == name }?.label[language]
        }.joined(separator: "; ")
    }

    /// The retention rules of a purpose, in words.
    func retention(_ purpose: Purpose) -> String {
        policies.retentionRules(for: purpose)
            .map { "\($0.description[language]) (\($0.duration.phrase(in: language)))" }
            .joined(separator: "; ")
    }

    /// The recipients of a purpose with their country.
    func recipients(_ purpose: Purpose) -> [Recipient] {
        purpose.recipients.compactMap { policies.recipient(named: $0) }
    }

    /// The processor operating a recipient, if `operator.yaml` names one.
    func processor(for recipient: Recipient) -> OperatorProfile.Processor? {
        profile.processors.first { $0.recipient == recipient.name }
    }

    /// A country code in words, for the countries pdgate's connectors use.
    func country(_ code: String) -> String {
        let names: [String: (String, String)] = [
            "RU": ("Российская Федерация", "Russian Federation"), "US": ("Соединённые Штаты Америки", "United States"),
            "DE": ("Германия", "Germany"), "NL": ("Нидерланды", "Netherlands"), "IE": ("Ирландия", "Ireland"),
            "KZ": ("Казахстан", "Kazakhstan"), "BY": ("Беларусь", "Belarus"),
        ]
        guard let name = names[code] else { return code }
        return "\(t(name.0, name.1)) (\(code))"
    }

    /// The state of a cross-border transfer's Roskomnadzor notification.
    func notificationState(_ recipient: Recipient) -> [DocumentInline] {
        if let notice = profile.transferNotification(for: recipient.name) {
            return [.text(t("уведомление направлено \(notice.date), № \(notice.reference)",
                            "notification submitted on \(notice.date), reference \(notice.reference)"))]
        }
        return [.mark(t("уведомление не зарегистрировано — передача заблокирована",
                        "no notification recorded — transfer blocked"))]
    }

    /// The actions performed on personal data (152-FZ art. 3 p. 3).
    var actions: String {
        t("сбор, запись, систематизация, накопление, хранение, уточнение (обновление, изменение), извлечение, "
            + "использование, передача (предоставление, доступ), блокирование, удаление, уничтожение",
          "collection, recording, organisation, accumulation, storage, adaptation or alteration, retrieval, use, "
            + "disclosure by transmission, restriction, erasure and destruction")
    }

    /// The processing method.
    var method: String {
        t("смешанная обработка с передачей по внутренней сети оператора и сети Интернет; автоматизированная — в "
            + "информационной системе \(profile.informationSystem[language])",
          "automated and manual processing, with transmission over the operator's network and the Internet; "
            + "automated processing in the information system \(profile.informationSystem[language])")
    }

    /// The security measures of the record of processing.
    var securityMeasures: [[DocumentInline]] {
        policies.ropa().securityMeasures.map { [.text($0[language])] }
    }
}
