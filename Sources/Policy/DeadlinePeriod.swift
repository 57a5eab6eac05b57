/// A legal period as written in `jurisdictions.yaml`: `immediately`, `24 hours`, `30 days`, `10 working_days`,
/// `1 month`.
public enum DeadlinePeriod: Sendable, Hashable, CustomStringConvertible {
    /// At once: the deadline is the moment the request is received.
    case immediately
    /// Hours from receipt.
    case hours(Int)
    /// Calendar days; day 1 is the day after receipt, the deadline is the end of the last day.
    case days(Int)
    /// Working days of the jurisdiction's production calendar; day 1 is the next working day after receipt.
    case workingDays(Int)
    /// Calendar months; the deadline is the end of the same date in the last month, or of its last day.
    case months(Int)

    /// Parses the policy-file form; returns `nil` for anything else.
    public init?(parsing text: String) {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if words == ["immediately"] {
            self = .immediately
            return
        }
        guard words.count == 2, let amount = Int(words[0]), amount > 0, amount <= 10_000,
            words[0].allSatisfy(\.isNumber)
        else {
            return nil
        }
        switch words[1] {
        case "hour", "hours": self = .hours(amount)
        case "day", "days": self = .days(amount)
        case "working_day", "working_days": self = .workingDays(amount)
        case "month", "months": self = .months(amount)
        default: return nil
        }
    }

    /// The period as written in policy files.
    public var description: String {
        switch self {
        case .immediately: "immediately"
        case .hours(let n): "\(n) hours"
        case .days(let n): "\(n) days"
        case .workingDays(let n): "\(n) working_days"
        case .months(let n): "\(n) months"
        }
    }

    /// The sum of two periods of the same unit, or `nil` when the units differ.
    func adding(_ other: DeadlinePeriod) -> DeadlinePeriod? {
        switch (self, other) {
        case (.immediately, .immediately): .immediately
        case (.hours(let a), .hours(let b)): .hours(a + b)
        case (.days(let a), .days(let b)): .days(a + b)
        case (.workingDays(let a), .workingDays(let b)): .workingDays(a + b)
        case (.months(let a), .months(let b)): .months(a + b)
        default: nil
        }
    }

    /// An upper bound in whole calendar days, when the period is counted in hours or days.
    var maximumDays: Int? {
        switch self {
        case .immediately: nil
        case .hours(let n): (n + 23) / 24
        case .days(let n): n
        case .workingDays, .months: nil
        }
    }
}
