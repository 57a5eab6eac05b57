public import Foundation

/// How far a computed deadline can be relied on: working days counted on an official production calendar, on a
/// calendar year still marked provisional, or past the loaded years on weekdays alone.
public enum DeadlineCertainty: String, Sendable, Hashable, Codable {
    /// Counted on official calendar years, or in units that need no calendar (hours, days, months).
    case official
    /// Counted on a calendar year whose file says `provisional: true` (no verified decree yet).
    case provisionalCalendar = "provisional_calendar"
    /// Runs into a year whose calendar is not loaded: those days are counted Monday–Friday, holidays ignored, which
    /// can only make the deadline earlier than the law's, never later.
    case weekdaysOnly = "weekdays_only"

    /// Whether the deadline may still move when the calendar is loaded or confirmed.
    public var isProvisional: Bool { self != .official }

    /// The less certain of two.
    func combined(with other: DeadlineCertainty) -> DeadlineCertainty {
        switch (self, other) {
        case (.weekdaysOnly, _), (_, .weekdaysOnly): .weekdaysOnly
        case (.provisionalCalendar, _), (_, .provisionalCalendar): .provisionalCalendar
        default: .official
        }
    }
}

/// A deadline with how far it can be relied on.
public struct CountedDeadline: Sendable, Hashable {
    /// The last moment to act.
    public let date: Date
    /// Whether it rests on official calendars.
    public let certainty: DeadlineCertainty
    /// The calendar years counted on that were provisional or not loaded, in order (empty when official).
    public let uncertainYears: [Int]

    /// Creates a counted deadline.
    public init(date: Date, certainty: DeadlineCertainty, uncertainYears: [Int] = []) {
        self.date = date
        self.certainty = certainty
        self.uncertainYears = uncertainYears
    }
}
