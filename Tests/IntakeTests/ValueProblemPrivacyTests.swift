import Intake
import Testing

@Suite("ValueProblem privacy")
struct ValueProblemPrivacyTests {
    enum Kind: Sendable {
        case email, phone, name, date, amount, inn

        func normalise(_ value: String) throws(ValueProblem) {
            switch self {
            case .email: _ = try Normalizer.email(value)
            case .phone: _ = try Normalizer.phone(value)
            case .name: _ = try Normalizer.name(value)
            case .date: _ = try Normalizer.date(value)
            case .amount: _ = try Normalizer.amount(value)
            case .inn: _ = try Normalizer.inn(value)
            }
        }
    }

    /// Invalid values of every kind, each distinctive enough that a message echoing it would be caught.
    @Test(
        "No message or description contains the rejected value or its digits",
        arguments: [
            (Kind.email, "пётр@почта"),
            (.email, "anna petrova@example.com"),
            (.email, "anna.petrova@@example.com"),
            (.email, "anna.petrova.example.com"),
            (.email, "anna.petrova@example.c"),
            (.email, "anna.petrova@exa_mple.com"),
            (.phone, "+7 (999) 12"),
            (.phone, "8 (800) 000-00-00-00"),
            (.phone, "12345"),
            (.phone, "телефон Анны"),
            (.phone, "+8 900 123 45 67"),
            (.date, "31.02.1990"),
            (.date, "07.03.85"),
            (.date, "1990/03/07"),
            (.date, "1899-03-07"),
            (.amount, "-47893,38"),
            (.amount, "47893,385"),
            (.amount, "47 89 3"),
            (.inn, "123456789"),
            (.inn, "7.70708E+09"),
            (.name, "12345 67890"),
        ]
    )
    func messagesNeverEchoValues(kind: Kind, value: String) throws {
        let problem = try #require(throws: ValueProblem.self) { try kind.normalise(value) }
        let digits = String(value.filter(\.isNumber))
        let localPart = value.split(separator: "@").first.map(String.init) ?? value
        for text in [problem.message, problem.description] {
            #expect(!text.contains(value))
            #expect(!text.lowercased().contains(localPart.lowercased()))
            if digits.count >= 4 {
                #expect(!text.filter(\.isNumber).contains(digits))
            }
        }
    }
}
