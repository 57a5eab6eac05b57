import Intake
import Testing

@Suite("Normalizer: names, dates, amounts, INN, tags, text, consent")
struct NormalizerTests {
    // MARK: Names

    @Test(
        "Names are trimmed and their spaces collapsed",
        arguments: [
            ("  Петрова   Анна\u{A0}Сергеевна ", "Петрова Анна Сергеевна"),
            ("Anna\tPetrova", "Anna Petrova"),
            ("Римская-Корсакова Ольга", "Римская-Корсакова Ольга"),
            ("O'Brien\n Anna", "O'Brien Anna"),
            ("Ан\u{200B}на Петрова", "Анна Петрова"),
        ]
    )
    func validName(input: String, expected: String) throws {
        #expect(try Normalizer.name(input) == expected)
    }

    @Test("Names without letters are rejected", arguments: ["", "   ", "12345", "-", "\u{A0}"])
    func nameWithoutLetters(input: String) throws {
        let problem = try #require(throws: ValueProblem.self) { try Normalizer.name(input) }
        #expect(problem.code == .invalidName)
    }

    @Test("Names with control characters are rejected")
    func nameWithControlCharacter() throws {
        let problem = try #require(throws: ValueProblem.self) { try Normalizer.name("Anna\u{0001} Petrova") }
        #expect(problem.code == .invalidName && problem.message.contains("control"))
    }

    // MARK: Dates

    @Test(
        "Dates become ISO",
        arguments: [
            ("07.03.1990", "1990-03-07"),
            ("7.3.1990", "1990-03-07"),
            (" 1990-03-07 ", "1990-03-07"),
            ("1990-3-7", "1990-03-07"),
            ("29.02.2024", "2024-02-29"),
            ("29.02.2000", "2000-02-29"),
            ("31.12.2100", "2100-12-31"),
            ("01.01.1900", "1900-01-01"),
        ]
    )
    func validDate(input: String, expected: String) throws {
        #expect(try Normalizer.date(input) == expected)
    }

    @Test(
        "Impossible or unknown dates are rejected",
        arguments: [
            ("31.02.1990", "day"),
            ("29.02.2023", "day"),
            ("29.02.1900", "day"),
            ("31.04.1990", "day"),
            ("00.01.1990", "day"),
            ("01.13.1990", "month"),
            ("1990-00-10", "month"),
            ("01.01.1899", "year"),
            ("2101-01-01", "year"),
            ("07.03.90", "four digits"),
            ("03/07/1990", "format"),
            ("7 марта 1990", "format"),
            ("1990-03-07T10:00", "format"),
            ("", "empty"),
        ]
    )
    func invalidDate(input: String, reason: String) throws {
        let problem = try #require(throws: ValueProblem.self) { try Normalizer.date(input) }
        #expect(problem.code == .invalidDate)
        #expect(problem.message.contains(reason), "\(problem.message)")
    }

    // MARK: Amounts

    @Test(
        "Amounts become a dot decimal with two places",
        arguments: [
            ("47893,38", "47893.38"),
            ("47 893,38", "47893.38"),
            ("47\u{A0}893,38", "47893.38"),
            ("47\u{202F}893,38", "47893.38"),
            ("47893.38", "47893.38"),
            ("1 234 567,8", "1234567.80"),
            ("1.234.567,89", "1234567.89"),
            ("1,234,567.89", "1234567.89"),
            ("1 000", "1000.00"),
            ("100", "100.00"),
            ("0,5", "0.50"),
            ("007", "7.00"),
            ("0", "0.00"),
            ("1 500 ₽", "1500.00"),
            ("1500 руб.", "1500.00"),
        ]
    )
    func validAmount(input: String, expected: String) throws {
        #expect(try Normalizer.amount(input) == expected)
    }

    @Test(
        "Unclear amounts are rejected",
        arguments: [
            ("-100", "negative"),
            ("−100,50", "negative"),
            ("47893,385", "more than two digits"),
            ("1,234", "more than two digits"),
            ("12 34", "grouped"),
            ("100 200 3", "grouped"),
            ("1.234 567,00", "mixes"),
            ("100,", "ends with a separator"),
            (",50", "wrong place"),
            ("abc", "only digits"),
            ("1e5", "only digits"),
            ("$100", "only digits"),
            ("", "empty"),
            (String(repeating: "9", count: 16), "15 digits"),
        ]
    )
    func invalidAmount(input: String, reason: String) throws {
        let problem = try #require(throws: ValueProblem.self) { try Normalizer.amount(input) }
        #expect(problem.code == .invalidAmount)
        #expect(problem.message.contains(reason), "\(problem.message)")
    }

    // MARK: INN

    @Test(
        "INNs of 10 and 12 digits are kept, spaces dropped, checksum not enforced",
        arguments: [("1234567894", "1234567894"), (" 123456789047 ", "123456789047"), ("1234 5678 95", "1234567895")])
    func validINN(input: String, expected: String) throws {
        #expect(try Normalizer.inn(input) == expected)
    }

    @Test(
        "Malformed INNs are rejected",
        arguments: [
            ("123456789", "9 digits"),
            ("123456789", "leading zero"),
            ("12345678901", "11 digits"),
            ("1234567", "7 digits"),
            ("1.23457E+09", "only digits"),
            ("ИНН 1234567894", "only digits"),
            ("0000000000", "zeros"),
            ("", "empty"),
        ]
    )
    func invalidINN(input: String, reason: String) throws {
        let problem = try #require(throws: ValueProblem.self) { try Normalizer.inn(input) }
        #expect(problem.code == .invalidINN)
        #expect(problem.message.contains(reason), "\(problem.message)")
    }

    @Test("The INN checksum is checked separately")
    func innChecksum() {
        #expect(Normalizer.innChecksumIsValid("1234567894"))
        #expect(Normalizer.innChecksumIsValid("123456789047"))
        #expect(!Normalizer.innChecksumIsValid("1234567895"))
        #expect(!Normalizer.innChecksumIsValid("123456789048"))
        #expect(!Normalizer.innChecksumIsValid("123456789057"))
        #expect(!Normalizer.innChecksumIsValid("12345678"))
        #expect(!Normalizer.innChecksumIsValid("12345678a4"))
    }

    // MARK: Tags, text, consent

    @Test("Tags split on ; and , are trimmed, emptied and deduplicated in order")
    func tags() {
        #expect(Normalizer.tags("VIP; опт,  розница ;;VIP, опт ,") == ["VIP", "опт", "розница"])
        #expect(Normalizer.tags("постоянный   клиент;постоянный клиент") == ["постоянный клиент"])
        #expect(Normalizer.tags("") == [])
        #expect(Normalizer.tags(" ; , ") == [])
    }

    @Test("Text is trimmed and its line breaks made LF")
    func text() {
        #expect(Normalizer.text("  first\r\nsecond\rthird\n  ") == "first\nsecond\nthird")
        #expect(Normalizer.text("\r\n\r\n") == "")
        #expect(Normalizer.text(" plain ") == "plain")
        #expect(Normalizer.text("keeps\n\ninner blank lines") == "keeps\n\ninner blank lines")
    }

    @Test(
        "Consent answers",
        arguments: [
            ("да", true), ("Да", true), ("YES", true), ("y", true), ("true", true), ("1", true), ("+", true),
            ("согласен", true), (" Согласна ", true),
            ("нет", false), ("No", false), ("n", false), ("false", false), ("0", false), ("-", false), ("", false),
            ("  ", false),
        ])
    func consentAnswer(input: String, expected: Bool) {
        #expect(Normalizer.consentAnswer(input) == expected)
    }

    @Test("Unknown consent answers are nil, not a guess", arguments: ["возможно", "да?", "не знаю", "2", "ok"])
    func unknownConsentAnswer(input: String) {
        #expect(Normalizer.consentAnswer(input) == nil)
    }

    @Test("A value over the field's limit is too long, and the message gives lengths only")
    func checkLength() throws {
        try Normalizer.checkLength(String(repeating: "я", count: 10), max: 10)
        let problem = try #require(throws: ValueProblem.self) {
            try Normalizer.checkLength(String(repeating: "я", count: 70_000), max: 10_000)
        }
        #expect(problem.code == .tooLong)
        #expect(problem.message == "value is 70000 characters long; the field allows at most 10000")
    }
}
