extension RetentionDuration {
    /// The duration in words for a document a person reads ("5 лет после окончания календарного года", "1 year"),
    /// never the policy file's shorthand.
    public func phrase(in language: Language) -> String {
        switch language {
        case .ru:
            let words: (String, String, String) = switch unit {
            case .days: ("день", "дня", "дней")
            case .weeks: ("неделя", "недели", "недель")
            case .months: ("месяц", "месяца", "месяцев")
            case .years: ("год", "года", "лет")
            }
            return "\(amount) \(Self.russianPlural(amount, words))"
                + (afterEndOfYear ? " после окончания календарного года" : "")
        case .en:
            let word = switch unit {
            case .days: "day"
            case .weeks: "week"
            case .months: "month"
            case .years: "year"
            }
            return "\(amount) \(word)\(amount == 1 ? "" : "s")"
                + (afterEndOfYear ? " after the end of the calendar year" : "")
        }
    }

    /// The Russian noun form for a count: 1 год, 2 года, 5 лет, 11 лет, 21 год.
    private static func russianPlural(_ count: Int, _ forms: (one: String, few: String, many: String)) -> String {
        let tens = count % 100, units = count % 10
        if (11...14).contains(tens) { return forms.many }
        if units == 1 { return forms.one }
        if (2...4).contains(units) { return forms.few }
        return forms.many
    }
}
