/// One year of a production calendar: the weekdays off and the weekend days worked.
public struct CalendarYear: Sendable, Hashable {
    /// The year.
    public let year: Int
    /// The act the year rests on (the Government's decree on transferring days off).
    public let source: String
    /// Where the act is published, if given.
    public let url: String?
    /// Whether the year is built from the Labour Code's rules before (or without) an official decree.
    public let provisional: Bool
    /// Monday–Friday days that are not worked: public holidays and transferred days off.
    public let nonWorkingWeekdays: Set<CalendarDay>
    /// Saturdays and Sundays that are worked because a day off was transferred from them.
    public let workingWeekends: Set<CalendarDay>

    /// Creates a calendar year.
    public init(
        year: Int, source: String, url: String?, provisional: Bool, nonWorkingWeekdays: Set<CalendarDay>,
        workingWeekends: Set<CalendarDay>
    ) {
        self.year = year
        self.source = source
        self.url = url
        self.provisional = provisional
        self.nonWorkingWeekdays = nonWorkingWeekdays
        self.workingWeekends = workingWeekends
    }

    /// Whether the day (of this year) is worked under a five-day week.
    public func isWorkingDay(_ day: CalendarDay) -> Bool {
        day.isWeekend ? workingWeekends.contains(day) : !nonWorkingWeekdays.contains(day)
    }

    /// Public holidays of the Labour Code, art. 112 p. 1, as (month, day).
    static let statutoryHolidays: [(month: Int, day: Int)] = [
        (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8),
        (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4),
    ]
}
