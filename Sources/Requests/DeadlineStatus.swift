public import Foundation
public import Policy

/// Where a request stands against its deadline, counted in the jurisdiction's time zone.
///
/// The one place the console, the API, the CLI and the overdue counts read a deadline from: the last day is the
/// calendar day the deadline falls on in the regime's zone (an EU deadline ends at 23:59:59 in Brussels, which is
/// already the next day in Moscow), and the days left are whole calendar days between today and that day in the same
/// zone, so a request due tomorrow shows 1 whatever the hour.
public struct DeadlineStatus: Sendable, Equatable {
    /// The last day to answer, in the jurisdiction's time zone.
    public let lastDay: CalendarDay
    /// Calendar days from today to ``lastDay`` in the jurisdiction's time zone: 0 on the last day, negative after it.
    public let daysLeft: Int
    /// Whether the request is open and its deadline in force has passed.
    public let isOverdue: Bool
    /// Whether the request is open, not overdue, and its last day is at most `soonDays` days away.
    public let isDueSoon: Bool

    /// The status of `request` at `now`.
    ///
    /// - Parameters:
    ///   - request: The request; its deadline in force (extended or not) counts.
    ///   - timeZone: The jurisdiction's time zone (`jurisdictions.yaml` `time_zone`).
    ///   - now: The current instant.
    ///   - soonDays: How many days before the last day a request counts as due soon.
    public init(of request: SubjectRequest, in timeZone: TimeZone, at now: Date, soonDays: Int = 3) {
        let deadline = request.effectiveDeadline
        lastDay = CalendarDay(deadline, in: timeZone)
        daysLeft = CalendarDay(now, in: timeZone).days(until: lastDay)
        isOverdue = request.state.isOpen && now > deadline
        isDueSoon = request.state.isOpen && !isOverdue && daysLeft <= soonDays
    }
}
