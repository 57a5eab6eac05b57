import Intake
import Testing

@Suite("HeaderKey.normalize")
struct HeaderKeyTests {
    @Test(
        "Header spellings normalise to one key",
        arguments: [
            (" Дата  первого\u{A0}контакта ", "дата первого контакта"),
            ("ФИО", "фио"),
            ("E-mail", "e-mail"),
            ("Телефон\t", "телефон"),
            ("Согласие на рассылку", "согласие на рассылку"),
            ("Семён", "семен"),
            ("\u{FEFF}Имя", "имя"),
        ]
    )
    func normalize(input: String, expected: String) {
        #expect(HeaderKey.normalize(input) == expected)
    }
}
