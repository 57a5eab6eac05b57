import Foundation

extension RecordOfProcessing {
    /// Renders the record as a Markdown document in one language.
    ///
    /// - Parameter lang: The language of headings and texts.
    /// - Returns: The document, ending with a newline.
    public func markdown(lang: Language) -> String {
        let ru = lang == .ru
        var lines: [String] = []
        lines.append(ru ? "# Реестр операций по обработке персональных данных" : "# Record of processing activities")
        lines.append("")
        lines.append(
            ru ? "_Статья 30 GDPR; статьи 18.1 и 22 152-ФЗ._" : "_GDPR Article 30; 152-FZ articles 18.1 and 22._")
        lines.append("")
        lines.append(ru ? "## Оператор" : "## Controller")
        lines.append("")
        lines.append("| | |")
        lines.append("|---|---|")
        lines.append("| \(ru ? "Наименование" : "Name") | \(cell(controller.name)) |")
        lines.append("| \(ru ? "Адрес" : "Address") | \(cell(controller.address)) |")
        lines.append("| \(ru ? "Контакты" : "Contact") | \(cell(controller.contact)) |")
        lines.append(
            "| \(ru ? "Ответственный за обработку ПДн" : "Data protection officer") | "
                + "\(cell(controller.dataProtectionOfficer)) |")
        if let registration = controller.registration {
            lines.append("| \(ru ? "Регистрационные номера" : "Registration numbers") | \(cell(registration)) |")
        }
        if !controller.processors.isEmpty {
            lines.append(
                "| \(ru ? "Обработчики (по поручению оператора)" : "Processors") | "
                    + "\(cell(controller.processors.joined(separator: "; "))) |")
        }
        lines.append("")
        lines.append(ru ? "## Цели и действия по обработке" : "## Processing activities")
        for (index, activity) in activities.enumerated() {
            lines.append("")
            lines.append("### \(index + 1). \(activity.description[lang]) (`\(activity.purpose)`)")
            lines.append("")
            lines.append(contentsOf: section(activity, lang: lang))
        }
        lines.append("")
        lines.append(ru ? "## Меры безопасности" : "## Security measures")
        lines.append("")
        for measure in securityMeasures {
            lines.append("- \(measure[lang])")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func section(_ activity: Activity, lang: Language) -> [String] {
        let ru = lang == .ru
        let none = ru ? "нет" : "none"
        var lines: [String] = []
        func item(_ titleRU: String, _ titleEN: String, _ text: String) {
            lines.append("- **\(ru ? titleRU : titleEN):** \(text.isEmpty ? none : text)")
        }
        item("Правовое основание", "Legal basis", activity.legalBasisLabel[lang])
        item(
            "Категории субъектов", "Categories of data subjects",
            activity.dataSubjects.map { $0[lang] }.joined(separator: "; "))
        item(
            "Категории данных", "Categories of personal data",
            activity.dataCategories.map { category in
                "\(category.label[lang]) (\(category.fields.map { $0[lang] }.joined(separator: ", ")))"
            }.joined(separator: "; "))
        item(
            "Получатели", "Recipients",
            activity.recipients.map { "\($0.label[lang]) (\($0.country))" }.joined(separator: "; "))
        item(
            "Трансграничная передача", "Transfers to third countries",
            activity.transfers.map { transfer in
                let notice = transfer.notification.map {
                    ru ? " Уведомление Роскомнадзора: \($0)." : " Roskomnadzor notified: \($0)."
                } ?? (ru ? " Уведомление Роскомнадзора не зарегистрировано: передача заблокирована."
                    : " No Roskomnadzor notification recorded: the transfer is blocked.")
                return "\(transfer.recipient) → \(transfer.country): \(transfer.basis[lang])\(notice)"
            }.joined(separator: "; "))
        item(
            "Сроки хранения и уничтожения", "Retention and erasure",
            activity.retention.map { retentionText($0, lang: lang) }.joined(separator: "; "))
        if let withdrawal = activity.onWithdrawal {
            item("После отзыва согласия", "After consent is withdrawn", retentionText(withdrawal, lang: lang))
        }
        if let notice = activity.notice {
            item("Текст согласия", "Consent notice", "\(notice.id), \(ru ? "редакция" : "version") \(notice.version)")
        }
        if let legacy = activity.legacyConsentSufficient {
            let sufficient = ru ? "достаточно" : "sufficient"
            let insufficient = ru ? "недостаточно, требуется подтверждение" : "not sufficient, re-confirmation required"
            let answer = legacy ? sufficient : insufficient
            item("Импортированное неподтверждённое согласие", "Imported unproven consent", answer)
        }
        return lines
    }

    private func retentionText(_ entry: RetentionEntry, lang: Language) -> String {
        let ru = lang == .ru
        var details = [entry.duration.phrase(in: lang), "\(ru ? "отсчёт" : "counted from"): \(entry.anchor.label[lang])"]
        if entry.appliesTo != .all {
            details.append(entry.appliesTo.label[lang])
        }
        if let hold = entry.legalHold {
            details.append("\(ru ? "обязательное хранение" : "legal hold"): \(hold[lang])")
        }
        return "\(entry.description[lang]) [\(details.joined(separator: "; "))]"
    }

    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
