import Documents
import Foundation
import Policy
import Requests
import Testing

@Suite("Destruction act documents (Roskomnadzor Order No. 179)")
struct DestructionActDocumentTests {
    enum Format: String, CaseIterable {
        case html
        case markdown
    }

    private func render(_ act: DestructionAct, _ language: Language, _ format: Format) -> String {
        switch format {
        case .html: DestructionActDocument.html(act, language: language)
        case .markdown: DestructionActDocument.markdown(act, language: language)
        }
    }

    /// What the act must state, per language (Order 179: operator, subject, categories, system, method, reason,
    /// date, who destroyed with position, name and signature; the log extract).
    private static let elements: [Language: [String]] = [
        .ru: [
            "Акт об уничтожении персональных данных № ACT-2026-000007", "от 20.11.2026",
            "приказа Роскомнадзора от 28.10.2022 № 179", "Оператор", "Наименование", "Адрес",
            "по поручению оператора", "Субъект персональных данных (псевдоним)", "Категории уничтоженных данных",
            "Идентификационные данные", "Контактные данные", "Сведения о покупках и реквизиты",
            "Информационная система, носители", "Способ уничтожения", "Причина уничтожения", "Дата уничтожения",
            "Перечень уничтоженных полей", "обязательном хранении", "Заблокировано до", "31.12.2031",
            "Внешние системы", "данные уничтожены", "не может быть уничтожено: accounting hold until 2031",
            "данных о субъекте нет", "Лица, уничтожившие персональные данные", "Должность",
            "Фамилия, имя, отчество", "Подпись", "электронной подписью", "три года",
            "Субъект персональных данных (ФИО)", "требование субъекта персональных данных об уничтожении",
            "обращение № REQ-2026-000042", "Утвердил: руководитель службы",
            "Выгрузка из журнала регистрации событий в информационной системе", "№ записи", "UTC+03:00",
        ],
        .en: [
            "Record of destruction of personal data No. ACT-2026-000007", "dated 20 November 2026",
            "Roskomnadzor Order No. 179 of 28 October 2022", "Operator", "Name", "Address", "Processor",
            "Data subject (pseudonym)", "Categories of data destroyed", "Identity data", "Contact data",
            "Information system and carriers", "Method of destruction", "Reason", "Date of destruction",
            "Fields destroyed", "legal hold", "Held until", "31 December 2031", "External systems", "erased",
            "cannot be erased: accounting hold until 2031", "no data about the subject found",
            "Persons who destroyed the data", "Position", "Full name", "Signature", "electronic signature",
            "three years", "Extract from the event log of the information system", "Entry", "UTC+00:00",
            "Data subject (full name)", "request REQ-2026-000042 (erasure)", "Approved by: руководитель службы",
        ],
    ]

    private static let values = [
        "ООО «Ромашка»", "123456, Москва, ул. Примерная, д. 1", "privacy@example.com",
        "pdgate vault.sqlite and keys.sqlite on crm-01", "Смирнова Анна Ивановна", "Иванова Анна Сергеевна",
        "Crypto-shredding: the subject's encryption key was destroyed", "privacy.officer", "mailchimp", "onec",
        "unisender",
    ]

    @Test("The act has every element of Order 179 in both languages", arguments: Language.allCases, Format.allCases)
    func actHasEveryElement(language: Language, format: Format) {
        let document = render(DocumentFixtures.act(), language, format)
        for expected in Self.values + (Self.elements[language] ?? []) {
            let text = DocumentInspection.escaped(expected, markdown: format == .markdown)
            #expect(document.contains(text), "\(format) \(language) lacks “\(expected)”")
        }
    }

    @Test("The act lists every destroyed and every held field", arguments: Language.allCases, Format.allCases)
    func actListsEveryField(language: Language, format: Format) {
        let act = DocumentFixtures.act()
        let document = render(act, language, format)
        for field in act.fields + act.heldFields {
            let code = format == .markdown ? "`\(field)`" : "<code>\(field)</code>"
            #expect(document.contains(code), "field \(field) missing")
        }
    }

    @Test("The log extract has one row per log line, with time, action, principal and fields")
    func logExtractHasEveryLine() {
        let act = DocumentFixtures.act()
        let html = DestructionActDocument.html(act, language: .ru)
        let extract = String(html[(html.range(of: "Выгрузка из журнала")?.lowerBound ?? html.endIndex)...])
        #expect(!extract.isEmpty)
        #expect(extract.contains(
            "<tr><td>1042</td><td>20.11.2026 13:59:13</td><td><code>subject.erase</code></td>"
                + "<td>privacy.officer</td><td>full_name, email, phone, birth_date</td></tr>"))
        #expect(extract.contains("<tr><td>1041</td><td>20.11.2026 13:58:07</td>"))
        #expect(extract.contains("<tr><td>1043</td><td>20.11.2026 13:59:14</td><td><code>key.destroy</code></td>"))
        #expect(DocumentInspection.count("<tr><td>", in: extract) == act.logExtract.count)
        let markdown = DestructionActDocument.markdown(act, language: .en)
        for line in act.logExtract {
            #expect(markdown.contains("| \(line.seq) | "), "log line \(line.seq) missing")
            #expect(markdown.contains("`\(line.action)`"))
        }
        #expect(markdown.contains("| 1042 | 20 November 2026, 10:59:13 |"))
    }

    @Test("An act without held fields or connectors says so")
    func actWithoutHoldSaysSo() {
        var act = DocumentFixtures.act()
        act.heldFields = []
        act.holdEnds = nil
        act.connectors = []
        act.logExtract = []
        let russian = DestructionActDocument.html(act, language: .ru)
        #expect(russian.contains("Нет: уничтожены все данные субъекта."))
        #expect(russian.contains("во внешние системы не передавались"))
        #expect(russian.contains("выгрузка пуста"))
        #expect(!russian.contains("Заблокировано до"))
    }

    @Test("Hostile values are rendered inert in the act", arguments: Language.allCases)
    func hostileValuesAreInert(language: Language) {
        let act = DocumentFixtures.hostileAct()
        let html = DestructionActDocument.html(act, language: language)
        #expect(!html.contains("<script"))
        #expect(!html.contains("onmouseover=\""))
        #expect(!html.contains("Tom & Jerry"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&#39;single&#39;") && html.contains("&quot;quoted&quot;"))
        let unexpected = Set(DocumentInspection.tagNames(in: html)).subtracting(DocumentInspection.allowedTags)
        #expect(unexpected.isEmpty, "elements that came from data: \(unexpected.sorted())")
        let markdown = DestructionActDocument.markdown(act, language: language)
        #expect(!markdown.contains("<script>") && !markdown.contains("</script>"))
        #expect(markdown.contains(#"\<script\>alert(1)\</script\>"#))
    }

    @Test("The act page is self-contained and declares its language", arguments: Language.allCases)
    func htmlIsSelfContained(language: Language) {
        let html = DestructionActDocument.html(DocumentFixtures.act(), language: language)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"))
        for forbidden in ["<script", "src=", "href=", "url(", "@import", "<link", "<img"] {
            #expect(!html.lowercased().contains(forbidden), "found \(forbidden)")
        }
    }
}
