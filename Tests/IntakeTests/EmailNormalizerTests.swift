import Intake
import Testing

@Suite("Normalizer.email")
struct EmailNormalizerTests {
    @Test(
        "Valid addresses are trimmed and lowercased",
        arguments: [
            ("anna.petrova@example.com", "anna.petrova@example.com"),
            ("  Anna.Petrova@Example.COM\u{A0}", "anna.petrova@example.com"),
            ("IVAN_2+news@mail.example.ru", "ivan_2+news@mail.example.ru"),
            ("olga@пример.рф", "olga@пример.рф"),
            ("Ольга@Пример.РФ", "ольга@пример.рф"),
            ("user@sub-domain.example.org", "user@sub-domain.example.org"),
            ("user@xn--e1afmkfd.xn--p1ai", "user@xn--e1afmkfd.xn--p1ai"),
            ("\u{FEFF}zero.width@example.com\u{200B}", "zero.width@example.com"),
        ]
    )
    func valid(input: String, expected: String) throws {
        #expect(try Normalizer.email(input) == expected)
    }

    @Test("Composed and decomposed Cyrillic normalise to the same bytes")
    func unicodeNormalisation() throws {
        let composed = try Normalizer.email("пётр@example.com")
        let decomposed = try Normalizer.email("пе\u{0308}тр@example.com")
        #expect(Array(composed.utf8) == Array(decomposed.utf8))
    }

    @Test(
        "Invalid addresses are rejected with a reason",
        arguments: [
            ("пётр@почта", "no dot"),
            ("a b@c.d", "space"),
            ("ivan@@mail.ru", "more than one '@'"),
            ("no-at-sign.ru", "no '@'"),
            ("olga@", "nothing after '@'"),
            ("@example.com", "nothing before '@'"),
            ("", "empty"),
            ("anna@example.c", "zone"),
            ("anna@example.123", "zone"),
            ("anna@-example.com", "hyphen"),
            ("anna@example-.com", "hyphen"),
            ("anna@example..com", "two dots"),
            ("anna@example.com.", "dot"),
            ("anna@exa_mple.com", "letters, digits, hyphens"),
            (".anna@example.com", "dot"),
            ("anna..petrova@example.com", "two dots"),
            ("anna,ivan@example.com", "one address per cell"),
            ("anna\u{0007}@example.com", "invisible"),
            (String(repeating: "a", count: 65) + "@example.com", "64"),
        ]
    )
    func invalid(input: String, reason: String) throws {
        let problem = try #require(throws: ValueProblem.self) { try Normalizer.email(input) }
        #expect(problem.code == .invalidEmail)
        #expect(problem.message.contains(reason), "\(problem.message)")
    }
}
