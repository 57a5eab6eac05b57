import Documents
import Foundation
import Policy
import Requests
import Testing

@Suite("Access answer documents")
struct AccessAnswerDocumentTests {
    enum Format: String, CaseIterable {
        case html
        case markdown
    }

    private func render(_ answer: AccessAnswer, _ language: Language, _ format: Format) -> String {
        switch format {
        case .html: AccessAnswerDocument.html(answer, language: language)
        case .markdown: AccessAnswerDocument.markdown(answer, language: language)
        }
    }

    /// Values of the fixture that must reach the reader whatever the language.
    private static let values = [
        "REQ-2026-000042", "ООО «Ромашка»", "123456, Москва, ул. Примерная, д. 1", "privacy@example.com",
        "Anna Example", "anna@example.com", "12 500 RUB", "import customers.csv (2024-03-05)", "web form",
        "Newsletter with offers", "Accounting records", "until consent is withdrawn",
        "5 years after the reporting year", "Mailchimp (US, cross-border transfer)", "1C:Accounting (RU)",
        "Tax Code and 402-FZ Art. 29", "web_form", "consent-marketing-email@2025-09-01", "mailchimp",
        "unsubscribed", "Audience: Newsletter",
    ]

    /// What a Russian-law answer must say, per language: sections, rights with their articles, bases, statuses.
    private static let russianLaw: [Language: [String]] = [
        .ru: [
            "Ответ на запрос субъекта персональных данных", "Да.", "обработка не ограничена", "Ваши данные",
            "Хранятся с", "Последнее подтверждение", "Источник", "Зачем и на каком основании",
            "Правовое основание", "Ваше согласие (ст. 6 ч. 1 п. 1, ст. 9 152-ФЗ)", "Требование закона",
            "Срок хранения", "Получатели", "за пределами РФ", "ст. 12 152-ФЗ", "История ваших согласий",
            "дано", "отозвано", "Данные во внешних системах", "Откуда получены данные",
            "Автоматизированное принятие решений", "Нет. Решений", "Ваши права и как ими воспользоваться",
            "Доступ к данным", "ст. 14 ч. 1 и 7 152-ФЗ", "Уточнение", "Блокирование", "Уничтожение",
            "ст. 20 ч. 3", "Отзыв согласия", "ст. 21 ч. 5", "Отказ от рекламы", "Роскомнадзор", "в суд",
            "10 рабочих дней", "Оператор", "Наименование", "Адрес", "Контакты для обращений", "Контактные данные",
        ],
        .en: [
            "Answer to your request for access to your data", "Yes.", "not restricted", "Your data", "Held since",
            "Last confirmed", "Source", "Why we use your data", "Legal basis",
            "Your consent (152-FZ Art. 6(1)(1), Art. 9)", "A legal obligation", "How long we keep it",
            "Recipients", "outside Russia", "152-FZ Art. 12", "Your consent history", "given", "withdrawn",
            "What our other systems hold", "Where your data came from", "Automated decision-making", "None.",
            "Your rights and how to use them", "Access", "152-FZ Art. 14(1), (7)", "Rectification", "Blocking",
            "Destruction", "20(3)", "Withdrawal of consent", "21(5)", "Objection to marketing", "Roskomnadzor",
            "court", "10 working days", "Controller", "Name", "Address", "Contact for data requests", "Contact data",
        ],
    ]

    /// What a GDPR answer must say about rights, per language.
    private static let europeanLaw: [Language: [String]] = [
        .ru: [
            "ст. 15 GDPR", "Исправление", "ст. 16 GDPR", "Удаление", "ст. 17 GDPR", "Ограничение обработки",
            "ст. 18 GDPR", "ст. 19 GDPR", "Переносимость данных", "ст. 20 GDPR", "Возражение", "ст. 21 GDPR",
            "ст. 22 GDPR", "ст. 77", "надзорный орган", "ЕС/ЕЭЗ", "одного месяца", "ст. 6(1)(a) GDPR",
            "Срок хранения", "Категория", "Откуда получены данные", "Автоматизированное принятие решений",
        ],
        .en: [
            "GDPR Art. 15", "Rectification", "GDPR Art. 16", "Erasure", "GDPR Art. 17", "Restriction of processing",
            "GDPR Art. 18", "GDPR Art. 19", "Data portability", "GDPR Art. 20", "Objection", "GDPR Art. 21",
            "GDPR Art. 22", "Art. 77", "supervisory authority", "EU/EEA", "one month", "GDPR Art. 6(1)(a)",
            "How long we keep it", "Category", "Where your data came from", "Automated decision-making",
        ],
    ]

    @Test(
        "RU answer shows every required element and the data in both languages",
        arguments: Language.allCases, Format.allCases)
    func russianAnswerHasEveryElement(language: Language, format: Format) {
        let document = render(DocumentFixtures.answer(jurisdiction: "RU"), language, format)
        for expected in Self.values + (Self.russianLaw[language] ?? []) {
            let text = DocumentInspection.escaped(expected, markdown: format == .markdown)
            #expect(document.contains(text), "\(format) \(language) lacks “\(expected)”")
        }
        let subject = format == .markdown ? "`sub_7f3a9c`" : "<code>sub_7f3a9c</code>"
        #expect(document.contains(subject))
        #expect(!document.contains("GDPR"), "a 152-FZ answer must not cite the GDPR")
    }

    @Test("EU answer lists the GDPR rights in both languages", arguments: Language.allCases, Format.allCases)
    func europeanAnswerListsGDPRRights(language: Language, format: Format) {
        let document = render(DocumentFixtures.answer(jurisdiction: "EU"), language, format)
        for expected in Self.europeanLaw[language] ?? [] {
            let text = DocumentInspection.escaped(expected, markdown: format == .markdown)
            #expect(document.contains(text), "\(format) \(language) lacks “\(expected)”")
        }
        #expect(!document.contains("152"), "a GDPR answer must not cite 152-FZ")
    }

    @Test("Every data row is in the table with label, value, source and both dates")
    func dataTableHasEveryItem() {
        let answer = DocumentFixtures.answer()
        let html = AccessAnswerDocument.html(answer, language: .ru)
        for item in answer.items {
            #expect(html.contains("<td>\(item.label)</td><td>"), "no row for \(item.field)")
            #expect(html.contains("<td>\(HTMLEscaping.escape(item.value))</td>"))
        }
        #expect(html.contains("<td>05.03.2024</td><td>01.10.2026</td>"))
        #expect(html.contains("<td>15.01.2025</td><td>01.10.2026</td>"))
    }

    @Test("Russian dates are dd.MM.yyyy in Moscow time; English ones spell the month")
    func datesFollowTheLanguage() {
        var answer = DocumentFixtures.answer()
        answer.generatedAt = DocumentFixtures.date("2026-11-23T22:30:00Z")  // 24 November 01:30 in Moscow
        let russian = AccessAnswerDocument.markdown(answer, language: .ru)
        #expect(russian.contains("24.11.2026"))
        #expect(russian.contains("05.03.2024"))
        #expect(russian.contains("15.01.2025 15:30"))
        #expect(!russian.contains("2024-03-05T"))
        let english = AccessAnswerDocument.markdown(answer, language: .en)
        #expect(english.contains("24 November 2026"))
        #expect(english.contains("5 March 2024"))
        let utc = AccessAnswerDocument.markdown(answer, language: .ru, timeZone: TimeZone(identifier: "UTC") ?? .gmt)
        #expect(utc.contains("23.11.2026") && !utc.contains("24.11.2026"))
    }

    @Test("An answer without data says plainly that nothing is held", arguments: Format.allCases)
    func noDataIsStatedPlainly(format: Format) {
        let markdown = format == .markdown
        let answer = DocumentFixtures.emptyAnswer()
        let russian = render(answer, .ru, format)
        #expect(russian.contains(DocumentInspection.escaped(
            "Мы не храним и не обрабатываем ваши персональные данные", markdown: markdown)))
        #expect(!russian.contains("Да."))
        #expect(!russian.contains("Ваши данные"))
        #expect(russian.contains("Ваши права"))
        #expect(russian.contains(DocumentInspection.escaped("REQ-2026-000043", markdown: markdown)))
        let english = render(answer, .en, format)
        #expect(english.contains(DocumentInspection.escaped(
            "We do not hold or process any personal data about you", markdown: markdown)))
        #expect(!english.contains("Yes."))
        #expect(!english.contains("Your consent history"))
        #expect(english.contains("Your rights"))
    }

    @Test("Restricted processing is called out", arguments: Language.allCases)
    func restrictionIsCalledOut(language: Language) {
        var answer = DocumentFixtures.answer()
        answer.processingStatus = "restricted"
        let html = AccessAnswerDocument.html(answer, language: language)
        #expect(html.contains(language == .ru ? "Обработка ограничена" : "Processing is restricted"))
        #expect(!html.contains(language == .ru ? "обработка не ограничена" : "not restricted"))
    }

    @Test("The HTML page is self-contained, script-free and declares its language", arguments: Language.allCases)
    func htmlIsSelfContained(language: Language) {
        let html = AccessAnswerDocument.html(DocumentFixtures.answer(), language: language)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"))
        #expect(html.contains("<style>") && html.contains("Content-Security-Policy"))
        for forbidden in ["<script", "src=", "href=", "url(", "@import", "<link", "<img", "<iframe"] {
            #expect(!html.lowercased().contains(forbidden), "found \(forbidden)")
        }
    }

    @Test("Hostile values are rendered inert in HTML", arguments: Language.allCases, ["RU", "EU"])
    func hostileValuesAreInertInHTML(language: Language, jurisdiction: String) {
        let html = AccessAnswerDocument.html(DocumentFixtures.hostileAnswer(jurisdiction: jurisdiction),
                                             language: language)
        #expect(!html.contains("<script"))
        #expect(!html.contains("onmouseover=\""))
        #expect(!html.contains("'single'") && !html.contains("\"quoted\""))
        #expect(!html.contains("Tom & Jerry"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Tom &amp; Jerry &amp;amp; x&quot; onmouseover=&quot;alert(2)"))
        #expect(html.contains("&#39;single&#39;"))
        let unexpected = Set(DocumentInspection.tagNames(in: html)).subtracting(DocumentInspection.allowedTags)
        #expect(unexpected.isEmpty, "elements that came from data: \(unexpected.sorted())")
    }

    @Test("Hostile values are rendered inert in Markdown", arguments: Language.allCases)
    func hostileValuesAreInertInMarkdown(language: Language) {
        let markdown = AccessAnswerDocument.markdown(DocumentFixtures.hostileAnswer(), language: language)
        #expect(!markdown.contains("<script>"))
        #expect(!markdown.contains("</script>"))
        #expect(markdown.contains(#"\<script\>alert(1)\</script\>"#))
        #expect(!markdown.contains("Tom & Jerry"))
        #expect(markdown.contains(#"Tom \& Jerry"#))
        let rawTags = DocumentInspection.tagNames(in: markdown.replacingOccurrences(of: "\\<", with: ""))
        #expect(Set(rawTags).isSubset(of: ["br"]), "raw HTML in Markdown: \(rawTags)")
    }

    @Test("A cross-border recipient is marked; a domestic one is not")
    func crossBorderRecipientsAreMarked() {
        let answer = DocumentFixtures.answer()
        #expect(answer.crossBorderRecipients == ["Mailchimp (US, cross-border transfer)"])
        let html = AccessAnswerDocument.html(answer, language: .en)
        #expect(html.contains("<li>Mailchimp (US, cross-border transfer)<span class=\"mark\">outside Russia</span>"))
        #expect(html.contains("<li>1C:Accounting (RU)</li>"))
        var domestic = answer
        domestic.purposes = domestic.purposes.map { purpose in
            var purpose = purpose
            purpose.recipients = purpose.recipients.filter { !AccessAnswer.isCrossBorder($0) }
            return purpose
        }
        let domesticHTML = AccessAnswerDocument.html(domestic, language: .en)
        #expect(!domesticHTML.contains("class=\"mark\""))
        #expect(domesticHTML.contains("Your data is not transferred outside Russia."))
    }
}
