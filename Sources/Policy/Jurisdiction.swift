public import Foundation

/// A legal regime (Russia's 152-FZ, the EU's GDPR) with its deadline for every kind of request.
public struct Jurisdiction: Sendable {
    /// The code used in `jurisdictions.yaml` (`RU`, `EU`).
    public let code: String
    /// The regime's name.
    public let name: LocalizedText
    /// The time zone days are counted in (`Europe/Moscow` for RU).
    public let timeZone: TimeZone
    /// The production calendar for working-day deadlines, if the regime counts them.
    public let calendar: ProductionCalendar?
    /// One rule per request kind.
    public let rules: [RequestKind: DeadlineRule]

    /// Creates a jurisdiction.
    public init(
        code: String, name: LocalizedText, timeZone: TimeZone, calendar: ProductionCalendar?,
        rules: [RequestKind: DeadlineRule]
    ) {
        self.code = code
        self.name = name
        self.timeZone = timeZone
        self.calendar = calendar
        self.rules = rules
    }

    /// The rule for a request kind.
    public func rule(for kind: RequestKind) -> DeadlineRule? {
        rules[kind]
    }

    /// The periods a request kind's deadline adds up, in order: the base period, and the extension when `extended`
    /// (merged into one period where the units allow).
    private func periods(for kind: RequestKind, extended: Bool) throws(PolicyError) -> [DeadlinePeriod] {
        guard let rule = rules[kind] else {
            throw PolicyError(
                .missingKey, file: "jurisdictions.yaml", keyPath: "jurisdictions.\(code).deadlines.\(kind.rawValue)",
                message: "no deadline for \(kind.rawValue) in \(code); add one")
        }
        guard extended, let extensionPeriod = rule.extensionPeriod else { return [rule.period] }
        return rule.period.adding(extensionPeriod).map { [$0] } ?? [rule.period, extensionPeriod]
    }

    /// When a request received at `receivedAt` must be answered or acted on.
    ///
    /// Calendar and working days are counted from the day after receipt, in ``timeZone``, and the deadline is the
    /// last second (23:59:59) of the last day; working days follow ``calendar``. Months follow the calendar: one
    /// month from 31 January ends on the last day of February. Hours run from the instant of receipt;
    /// `immediately` ends with the day of receipt: the request is acted on at once, and it is overdue only when the
    /// day it arrived on has passed, not the second it is registered.
    ///
    /// - Parameters:
    ///   - kind: The request kind.
    ///   - receivedAt: When the request was received.
    ///   - extended: Whether the extension the law allows (with a reasoned notice) is used; ignored where there is
    ///     none.
    /// - Returns: The deadline.
    /// - Throws: ``PolicyError``: `calendarOutOfRange` when working days run past the loaded calendars,
    ///   `missingKey` when the jurisdiction has no rule for `kind`.
    public func deadline(for kind: RequestKind, receivedAt: Date, extended: Bool) throws(PolicyError) -> Date {
        let periods = try periods(for: kind, extended: extended)
        var deadline = receivedAt
        for period in periods {
            deadline = try end(of: period, from: deadline)
        }
        return deadline
    }

    /// When a request received at `receivedAt` must be answered, computed even when the period runs past the loaded
    /// production calendars.
    ///
    /// Counts as ``deadline(for:receivedAt:extended:)`` does, except that working days in a year with no calendar
    /// file count Monday–Friday (an early, safe date) instead of failing; the result says how certain it is, so the
    /// request can be registered at once and recomputed when the year's calendar is added.
    ///
    /// - Throws: ``PolicyError`` `missingKey` when the jurisdiction has no rule for `kind`, or counts working days
    ///   without a calendar.
    public func countedDeadline(for kind: RequestKind, receivedAt: Date, extended: Bool) throws(PolicyError)
        -> CountedDeadline
    {
        let periods = try periods(for: kind, extended: extended)
        var deadline = receivedAt
        var certainty = DeadlineCertainty.official
        var years: [Int] = []
        for period in periods {
            if case .workingDays(let days) = period {
                guard let calendar else {
                    throw PolicyError(
                        .missingKey, file: "jurisdictions.yaml", keyPath: "jurisdictions.\(code).calendar",
                        message: "\(code) counts working days but has no production calendar; set `calendar`")
                }
                let counted = calendar.countingWorkingDays(days, from: CalendarDay(deadline, in: timeZone))
                deadline = counted.day.end(in: timeZone)
                certainty = certainty.combined(with: counted.certainty)
                for year in counted.uncertainYears where !years.contains(year) {
                    years.append(year)
                }
            } else {
                deadline = try end(of: period, from: deadline)
            }
        }
        return CountedDeadline(date: deadline, certainty: certainty, uncertainYears: years)
    }

    private func end(of period: DeadlinePeriod, from start: Date) throws(PolicyError) -> Date {
        let startDay = CalendarDay(start, in: timeZone)
        switch period {
        case .immediately:
            return startDay.end(in: timeZone)
        case .hours(let hours):
            return start.addingTimeInterval(Double(hours) * 3600)
        case .days(let days):
            return startDay.adding(days: days).end(in: timeZone)
        case .workingDays(let days):
            guard let calendar else {
                throw PolicyError(
                    .missingKey, file: "jurisdictions.yaml", keyPath: "jurisdictions.\(code).calendar",
                    message: "\(code) counts working days but has no production calendar; set `calendar`")
            }
            return try calendar.addingWorkingDays(days, to: startDay).end(in: timeZone)
        case .months(let months):
            var gregorian = Calendar(identifier: .gregorian)
            gregorian.timeZone = timeZone
            let startOfDay = startDay.start(in: timeZone)
            let last = gregorian.date(byAdding: .month, value: months, to: startOfDay) ?? startOfDay
            return CalendarDay(last, in: timeZone).end(in: timeZone)
        }
    }
}
