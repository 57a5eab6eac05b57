extension PolicySet {
    /// The record of processing activities (GDPR art. 30) these policies describe.
    ///
    /// - Parameter controller: The operator's details; by default those of `operator.yaml`, or placeholders when
    ///   the folder has none.
    /// - Returns: One activity per purpose, with subjects, data, recipients, transfers, retention and security.
    public func ropa(controller: RecordOfProcessing.Controller? = nil) -> RecordOfProcessing {
        RecordOfProcessing(
            controller: controller ?? operatorController(lang: operatorDetails.primaryLanguage),
            activities: purposes.map(activity(for:)), securityMeasures: securityMeasures)
    }

    /// The record of processing activities as a Markdown document.
    ///
    /// - Parameter lang: The language of the document.
    public func ropaMarkdown(lang: Language) -> String {
        ropa(controller: operatorController(lang: lang)).markdown(lang: lang)
    }

    /// The controller block from `operator.yaml`, or placeholders when there is none.
    public func operatorController(lang: Language) -> RecordOfProcessing.Controller {
        guard let profile = operatorProfile else { return .placeholder }
        var controller = RecordOfProcessing.Controller(
            name: profile.name[lang], address: profile.address[lang], contact: profile.contact,
            dataProtectionOfficer: profile.dataProtectionOfficer.map { $0[lang] } ?? profile.responsiblePerson[lang])
        controller.registration = "ИНН \(profile.inn), ОГРН \(profile.ogrn)"
        controller.processors = profile.processors.map { "\($0.name[lang]), \($0.address[lang]): \($0.activity[lang])" }
        return controller
    }

    private func activity(for purpose: Purpose) -> RecordOfProcessing.Activity {
        let usedFields = purpose.fields.compactMap { fields.field(named: $0) }
        let categories = FieldCategory.allCases.compactMap { category -> RecordOfProcessing.DataCategory? in
            let matching = usedFields.filter { $0.category == category }
            guard !matching.isEmpty else { return nil }
            return .init(
                category: category, label: category.label,
                fields: matching.map { LocalizedText(ru: $0.labelRU, en: $0.labelEN) })
        }
        let purposeRecipients = purpose.recipients.compactMap { recipient(named: $0) }
        return RecordOfProcessing.Activity(
            purpose: purpose.name, description: purpose.description, legalBasis: purpose.legalBasis,
            legalBasisLabel: purpose.legalBasis.label,
            dataSubjects: purpose.dataSubjects.compactMap { name in dataSubjects.first { $0.name == name }?.label },
            dataCategories: categories,
            recipients: purposeRecipients.map { .init(name: $0.name, label: $0.label, country: $0.country) },
            transfers: purposeRecipients.compactMap { recipient -> RecordOfProcessing.Transfer? in
                guard recipient.crossBorder, let basis = recipient.transferBasis else { return nil }
                var transfer = RecordOfProcessing.Transfer(
                    recipient: recipient.name, country: recipient.country, basis: basis)
                transfer.notification = operatorProfile?.transferNotification(for: recipient.name).map {
                    "\($0.date) \($0.reference)"
                }
                return transfer
            },
            retention: retentionRules(for: purpose).map(entry(for:)),
            onWithdrawal: purpose.withdrawalRule.flatMap { retention.rule(named: $0) }.map(entry(for:)),
            notice: purpose.notice,
            legacyConsentSufficient: purpose.requiresConsent ? purpose.legacyConsentSufficient : nil)
    }

    private func entry(for rule: RetentionRule) -> RecordOfProcessing.RetentionEntry {
        .init(
            rule: rule.name, description: rule.description, duration: rule.duration, anchor: rule.anchor,
            appliesTo: rule.appliesTo, legalHold: rule.legalHold)
    }

    private var securityMeasures: [LocalizedText] {
        let backups = retention.backups
        let keyDays = backups.keyBackupRetention.fixedDays ?? 0
        let windowDays = backups.erasureExecutionWindow.fixedDays ?? 0
        return [
            LocalizedText(
                ru: "Шифрование каждого поля персональных данных (XChaCha20-Poly1305, libsodium) ключом субъекта; "
                    + "ключи субъектов зашифрованы мастер-ключом и хранятся в отдельной базе. Мера защиты по ст. 19 "
                    + "152-ФЗ; средство не является сертифицированным ФСБ СКЗИ.",
                en: "Every personal field encrypted (XChaCha20-Poly1305, libsodium) under a per-subject key; subject "
                    + "keys wrapped under a master key and stored in a separate database. A protective measure "
                    + "under 152-FZ art. 19, not an FSB-certified cryptographic tool."),
            LocalizedText(
                ru: "Псевдонимизация: субъекты обозначены псевдонимами, поиск по e-mail и телефону — по слепым "
                    + "индексам (ключевой BLAKE2b) без хранения открытых значений.",
                en: "Pseudonymisation: subjects are known by pseudonyms; lookups by e-mail and phone use keyed "
                    + "BLAKE2b blind indexes, never plaintext."),
            LocalizedText(
                ru: "Уничтожение криптографическим стиранием: удаляются ключ субъекта, зашифрованные поля и индексы; "
                    + "резервные копии ключей хранятся не дольше \(keyDays) дн., стирание выполняется "
                    + "в течение \(windowDays) дн., поэтому данные становятся нечитаемыми во всех "
                    + "копиях не позднее чем через \(backups.daysUntilUnreadable) дн.",
                en: "Erasure by crypto-shredding: the subject key, sealed fields and index rows are deleted; key "
                    + "backups live at most \(keyDays) days and erasures run within "
                    + "\(windowDays) days, so erased data is unreadable in every copy within "
                    + "\(backups.daysUntilUnreadable) days."),
            LocalizedText(
                ru: "Разграничение доступа по ролям и категориям полей, маскирование (roles.yaml).",
                en: "Role-based access per field category, with masking (roles.yaml)."),
            LocalizedText(
                ru: "Регистрация всех действий с персональными данными в журнале только для добавления, со связанными "
                    + "хешами и подписью Ed25519.",
                en: "Every action on personal data recorded in an append-only, hash-chained audit log signed with "
                    + "Ed25519."),
            LocalizedText(
                ru: "Стоп-лист из ключевых хешей e-mail и телефонов лиц, потребовавших удаления или возразивших против "
                    + "рассылок, без открытых значений.",
                en: "A suppression list of keyed hashes of the e-mail and phone of people who were erased or "
                    + "objected, with no plaintext."),
        ]
    }
}
