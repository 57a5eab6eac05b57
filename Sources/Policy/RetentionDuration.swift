public import Foundation

/// A retention period as written in `retention.yaml`: `30d`, `2w`, `6m`, `3y` or `5y after end_of_year`.
///
/// `after end_of_year` starts the period at the end of the calendar year the anchor date falls in, as accounting
/// law counts it (402-FZ art. 29: five years after the reporting year).
public struct RetentionDuration: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The unit of ``amount``.
    public enum Unit: String, Sendable, Hashable, CaseIterable, Codable {
        /// Calendar days.
        case days = "d"
        /// Weeks of seven days.
        case weeks = "w"
        /// Calendar months.
        case months = "m"
        /// Calendar years.
        case years = "y"
    }

    /// How many units.
    public let amount: Int
    /// The unit.
    public let unit: Unit
    /// Whether the period starts at the end of the anchor's calendar year.
    public let afterEndOfYear: Bool

    /// Creates a duration.
    public init(amount: Int, unit: Unit, afterEndOfYear: Bool = false) {
        self.amount = amount
        self.unit = unit
        self.afterEndOfYear = afterEndOfYear
    }

    /// Parses `30d`, `3y`, `5y after end_of_year`; returns `nil` for anything else.
    public init?(parsing text: String) {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count == 1 || (words.count == 3 && words[1] == "after" && words[2] == "end_of_year"),
            let head = words.first, let unit = head.last.flatMap({ Unit(rawValue: String($0)) }),
            let amount = Int(head.dropLast()), amount >= 0, amount <= 1000, head.dropLast().allSatisfy(\.isNumber)
        else {
            return nil
        }
        self.init(amount: amount, unit: unit, afterEndOfYear: words.count == 3)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = RetentionDuration(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a retention duration"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The duration as written in policy files.
    public var description: String {
        "\(amount)\(unit.rawValue)" + (afterEndOfYear ? " after end_of_year" : "")
    }

    /// The exact number of days, for durations in days or weeks not tied to the end of a year.
    public var fixedDays: Int? {
        guard !afterEndOfYear else { return nil }
        switch unit {
        case .days: return amount
        case .weeks: return amount * 7
        case .months, .years: return nil
        }
    }

    /// The instant the period ends.
    ///
    /// - Parameters:
    ///   - anchor: When the period starts (the last purchase, the withdrawal, …).
    ///   - timeZone: The time zone that calendar days and years are counted in.
    /// - Returns: `anchor` plus the duration; with `after end_of_year`, the first instant of the next year plus it.
    public func expiry(from anchor: Date, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var start = anchor
        if afterEndOfYear {
            let year = calendar.component(.year, from: anchor)
            start = calendar.date(from: DateComponents(year: year + 1, month: 1, day: 1)) ?? anchor
        }
        var components = DateComponents()
        switch unit {
        case .days: components.day = amount
        case .weeks: components.day = amount * 7
        case .months: components.month = amount
        case .years: components.year = amount
        }
        return calendar.date(byAdding: components, to: start) ?? start
    }
}
