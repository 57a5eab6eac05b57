import Policy

/// Masked forms of values for roles that may see that a value exists but not the value itself.
///
/// Each keeps just enough to confirm a caller on the phone (`+7 *** ***-**-37`, `o***@mail.ru`) and nothing that
/// identifies the person on its own.
enum Masking {
    static func mask(_ value: String, as kind: NormalizerKind) -> String {
        switch kind {
        case .email: return email(value)
        case .phone: return phone(value)
        case .name: return name(value)
        case .date: return "****-**-" + String(value.suffix(2))
        case .amount, .inn: return "***"
        case .tags, .text: return value.isEmpty ? "" : "***"
        }
    }

    /// `olga@mail.ru` → `o***@mail.ru`.
    static func email(_ value: String) -> String {
        guard let at = value.firstIndex(of: "@"), at > value.startIndex else { return "***" }
        return String(value[value.startIndex]) + "***" + String(value[at...])
    }

    /// `+79161234537` → `+7 *** ***-**-37`; other countries keep their code and last two digits.
    static func phone(_ value: String) -> String {
        let digits = value.filter(\.isNumber)
        let last = String(digits.suffix(2))
        if value.hasPrefix("+7") { return "+7 *** ***-**-\(last)" }
        return "+\(digits.prefix(digits.count > 10 ? digits.count - 10 : 1)) ***-**-\(last)"
    }

    /// `Иванова Мария Петровна` → `И. М. П.`
    static func name(_ value: String) -> String {
        value.split(separator: " ").compactMap { $0.first.map { "\($0)." } }.joined(separator: " ")
    }
}
