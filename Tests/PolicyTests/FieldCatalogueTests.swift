import Foundation
import Policy
import Testing

@Suite("Import headers resolve to fields")
struct FieldCatalogueTests {
    private let catalogue: FieldCatalogue

    init() throws {
        catalogue = try PolicyFixtures.shipped.get().fields
    }

    @Test(
        "Aliases resolve whatever the case, spacing and ё",
        arguments: [
            ("ФИО", "full_name"), ("  фио ", "full_name"), ("\u{FEFF}ФИО", "full_name"), ("Full Name", "full_name"),
            ("NAME", "full_name"), ("Мобильный", "phone"), ("phone", "phone"), ("E-MAIL", "email"),
            ("эл.  почта", "email"), ("Почта", "email"), ("дата рождения", "birthday"), ("ДЕНЬ РОЖДЕНИЯ", "birthday"),
            ("Организация", "company"), ("инн", "inn"), ("Тёги", "tags"), ("МЕТКИ", "tags"),
            ("Ответственный", "manager"), ("Примечание", "notes"), ("Дата последней покупки", "last_purchase_date"),
            ("full_name", "full_name"), ("Дата\u{00A0}первого контакта", "first_contact_date"),
        ])
    func aliasResolves(header: String, field: String) {
        #expect(catalogue.field(forHeader: header)?.name == field)
    }

    @Test("Every column of the typical CRM export is understood")
    func typicalExportHeaders() {
        // The header row of a typical export (column names only).
        let header =
            "\u{FEFF}ФИО;Телефон;Email;Источник;Дата первого контакта;Дата последней покупки;"
            + "Сумма последней покупки;Статус;День рождения;Компания;ИНН;Теги;Согласие на рассылку;Менеджер;Заметки"
        let columns = header.split(separator: ";").map(String.init)
        let unknown = columns.filter {
            catalogue.field(forHeader: $0) == nil && catalogue.consentPurpose(forHeader: $0) == nil
        }
        #expect(unknown.isEmpty)
        #expect(Set(columns.compactMap { catalogue.field(forHeader: $0)?.name }).count == 14)
    }

    @Test("Consent columns name their purpose", arguments: ["Согласие на рассылку", "согласие", "Marketing consent"])
    func consentColumn(header: String) {
        #expect(catalogue.consentPurpose(forHeader: header) == "marketing_email")
        #expect(catalogue.field(forHeader: header) == nil)
    }

    @Test("Consent column keys are normalised")
    func consentColumnsAreNormalised() {
        #expect(catalogue.consentColumns["согласие на рассылку"] == "marketing_email")
    }

    @Test("Unknown headers stay unknown")
    func unknownHeader() {
        #expect(catalogue.field(forHeader: "Паспорт") == nil)
        #expect(catalogue.field(forHeader: "") == nil)
        #expect(catalogue.consentPurpose(forHeader: "Согласие на звонки") == nil)
    }

    @Test("Normalisation trims, collapses, lowercases and reads ё as е")
    func normalisation() {
        #expect(FieldCatalogue.normalizedHeader("  Ёлка\t\tЗЕЛЁНАЯ \u{200B}") == "елка зеленая")
        #expect(FieldCatalogue.normalizedHeader("Е\u{0308}ж") == "еж", "decomposed ё")
    }
}
