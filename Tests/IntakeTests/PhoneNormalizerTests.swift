import Intake
import Testing

@Suite("Normalizer.phone")
struct PhoneNormalizerTests {
    @Test(
        "Russian numbers in every format of the fixtures become +7XXXXXXXXXX",
        arguments: [
            ("+7 (951) 819-09-37", "+79518190937"),
            ("8 948 525 38 88", "+79485253888"),
            ("7-928-820-0182", "+79288200182"),
            ("9139624595", "+79139624595"),
            ("89726167513", "+79726167513"),
            ("+79518190937", "+79518190937"),
            ("8 (495) 123.45.67", "+74951234567"),
            ("\u{A0}+7\u{A0}900\u{A0}123–45–67 ", "+79001234567"),
            ("8-800-555-35-35", "+78005553535"),
        ]
    )
    func russian(input: String, expected: String) throws {
        #expect(try Normalizer.phone(input) == expected)
    }

    @Test(
        "Other countries written with + keep their E.164 form",
        arguments: [
            ("+44 20 7946 0958", "+442079460958"),
            ("+375 (29) 123-45-67", "+375291234567"),
            ("+1 202-555-0143", "+12025550143"),
        ]
    )
    func international(input: String, expected: String) throws {
        #expect(try Normalizer.phone(input) == expected)
    }

    @Test(
        "Invalid numbers are rejected with a reason",
        arguments: [
            ("12345", "5 digits"),
            ("+7 (999) 12", "6 digits"),
            ("8 (800) 000-00-00-00", "13 digits"),
            ("телефон", "letters"),
            ("+7 900 123 45 67 доб. 12", "letters"),
            ("", "empty"),
            ("---", "no digits"),
            ("38050123456", "does not start with 7 or 8"),
            ("+8 900 123 45 67", "+8"),
            ("+123456", "8 to 15"),
            ("0123456789", "area or mobile code"),
            ("+7 123 456 78 90", "area or mobile code"),
            ("9001234567#", "character"),
            ("+7 900 +1234567", "character"),
        ]
    )
    func invalid(input: String, reason: String) throws {
        let problem = try #require(throws: ValueProblem.self) { try Normalizer.phone(input) }
        #expect(problem.code == .invalidPhone)
        #expect(problem.message.contains(reason), "\(problem.message)")
    }

    @Test("The digit-count message tells how to fix the number")
    func digitCountMessage() throws {
        let problem = try #require(throws: ValueProblem.self) { try Normalizer.phone("12345") }
        #expect(
            problem.message.hasPrefix(
                "phone has 5 digits; a Russian number needs 10 (9XX XXX XX XX) or 11 starting with 7 or 8"
            )
        )
    }
}
