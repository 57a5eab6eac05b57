/// A country's production calendar: which days are worked, across the years loaded from `calendars/`.
///
/// Deadlines in working days (152-FZ) are counted on it. Outside the loaded years ``isWorkingDay(_:)`` falls back
/// to Monday–Friday minus the Labour Code's public holidays, and ``addingWorkingDays(_:to:)`` refuses to count.
public struct ProductionCalendar: Sendable {
    /// The calendar's name in policy files (`ru`).
    public let identifier: String
    /// The loaded years, in order.
    public let years: [CalendarYear]

    private let byYear: [Int: CalendarYear]

    /// Creates a calendar from its years.
    public init(identifier: String, years: [CalendarYear]) {
        self.identifier = identifier
        self.years = years.sorted { $0.year < $1.year }
        self.byYear = Dictionary(years.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether the day's year is loaded.
    public func covers(_ day: CalendarDay) -> Bool {
        byYear[day.year] != nil
    }

    /// Whether the day's year is loaded but only provisional (no official decree yet).
    public func isProvisional(_ day: CalendarDay) -> Bool {
        byYear[day.year]?.provisional ?? false
    }

    /// Whether the day is a working day under a five-day week.
    ///
    /// Outside the loaded years this is a best guess (weekdays minus art. 112 holidays); check ``covers(_:)``.
    public func isWorkingDay(_ day: CalendarDay) -> Bool {
        if let year = byYear[day.year] {
            return year.isWorkingDay(day)
        }
        let holiday = CalendarYear.statutoryHolidays.contains { $0.month == day.month && $0.day == day.day }
        return !day.isWeekend && !holiday
    }

    /// The working day `count` working days after `day`.
    ///
    /// Day 1 is the first working day after `day` (the day of the trigger itself never counts, even when it is a
    /// working day); `count == 0` returns `day`.
    ///
    /// - Parameters:
    ///   - count: The number of working days, zero or more.
    ///   - day: The trigger day, such as the day a request was received.
    /// - Returns: The last working day of the period.
    /// - Throws: ``PolicyError`` with code `calendarOutOfRange` when the count runs into a year not loaded.
    public func addingWorkingDays(_ count: Int, to day: CalendarDay) throws(PolicyError) -> CalendarDay {
        precondition(count >= 0, "working days are counted forwards")
        var current = day
        var remaining = count
        while remaining > 0 {
            current = current.adding(days: 1)
            guard covers(current) else {
                let loaded = years.map { String($0.year) }.joined(separator: ", ")
                throw PolicyError(
                    .calendarOutOfRange, file: "calendars/\(identifier)-\(current.year).yaml",
                    message: "counting \(count) working days from \(day) reaches \(current.year), which is not loaded "
                        + "(loaded: \(loaded.isEmpty ? "none" : loaded)); add the production calendar for that year")
            }
            if isWorkingDay(current) {
                remaining -= 1
            }
        }
        return current
    }

    /// The working day `count` working days after `day`, counted even past the loaded years.
    ///
    /// Day 1 is the first working day after `day`, as in ``addingWorkingDays(_:to:)``. Days of a year that is not
    /// loaded count Monday–Friday with no holidays, so the result is never later than the law's deadline; the
    /// certainty says so, or that a loaded year was marked provisional.
    ///
    /// - Returns: The last working day, how certain it is, and the years that were provisional or missing.
    public func countingWorkingDays(_ count: Int, from day: CalendarDay) -> (
        day: CalendarDay, certainty: DeadlineCertainty, uncertainYears: [Int]
    ) {
        precondition(count >= 0, "working days are counted forwards")
        var current = day
        var remaining = count
        var certainty = DeadlineCertainty.official
        var uncertain: [Int] = []
        while remaining > 0 {
            current = current.adding(days: 1)
            let worked: Bool
            if let year = byYear[current.year] {
                worked = year.isWorkingDay(current)
                if year.provisional {
                    certainty = certainty.combined(with: .provisionalCalendar)
                    if !uncertain.contains(current.year) { uncertain.append(current.year) }
                }
            } else {
                worked = !current.isWeekend
                certainty = .weekdaysOnly
                if !uncertain.contains(current.year) { uncertain.append(current.year) }
            }
            if worked {
                remaining -= 1
            }
        }
        return (current, certainty, uncertain)
    }

    /// The number of working days in a month, or in the whole year when `month` is `nil`.
    public func workingDayCount(year: Int, month: Int? = nil) -> Int {
        var day = CalendarDay(year: year, month: month ?? 1, day: 1)
        var count = 0
        while day.year == year && (month == nil || day.month == month) {
            if isWorkingDay(day) {
                count += 1
            }
            day = day.adding(days: 1)
        }
        return count
    }
}
