import Intake
import Testing

@Suite("PersonName.agree")
struct PersonNameTests {
    @Test(
        "Names agree when one set of words contains the other",
        arguments: [
            ("Ольга Волкова", "Волкова Ольга"),
            ("Ольга Волкова", "Волкова Ольга Ивановна"),
            ("ВОЛКОВА ОЛЬГА", "волкова ольга"),
            ("Фёдорова Дарья", "Федорова Дарья Ивановна"),
            ("Семёнов  Павел", "семенов павел"),
            ("Волкова, Ольга", "Ольга\u{A0}Волкова"),
            ("Римская-Корсакова Ольга", "Ольга Римская-Корсакова"),
            ("Ольга", "Ольга Волкова"),
            ("Anna Petrova", "Petrova Anna"),
        ]
    )
    func agree(a: String, b: String) {
        #expect(PersonName.agree(a, b))
        #expect(PersonName.agree(b, a))
    }

    @Test(
        "Different people sharing a phone do not agree",
        arguments: [
            ("Иванов Пётр", "Иванова Мария"),
            ("Волкова Ольга", "Волкова Мария"),
            ("Волков Пётр Иванович", "Волкова Ольга Ивановна"),
            ("Ольга Волкова", "Ольга Волков"),
            ("Римская-Корсакова Ольга", "Корсакова Ольга"),
            ("Ольга Волкова", ""),
            ("", ""),
            ("Anna Petrova", "Anna Petrov"),
        ]
    )
    func disagree(a: String, b: String) {
        #expect(!PersonName.agree(a, b))
        #expect(!PersonName.agree(b, a))
    }
}
