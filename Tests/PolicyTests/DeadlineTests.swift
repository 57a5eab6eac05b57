import Foundation
import Policy
import Testing

@Suite("Deadlines per jurisdiction and request kind")
struct DeadlineTests {
    private let ru: Jurisdiction
    private let eu: Jurisdiction

    init() throws {
        let policy = try PolicyFixtures.shipped.get()
        ru = try #require(policy.jurisdiction(code: "RU"))
        eu = try #require(policy.jurisdiction(code: "EU"))
    }

    private func instant(_ iso: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: iso))
    }

    @Test("EU: one month from 31 January ends with February")
    func euOneMonthFromThirtyFirstJanuary() throws {
        let received = try instant("2026-01-31T10:00:00+01:00")
        #expect(
            try eu.deadline(for: .access, receivedAt: received, extended: false)
                == (try instant("2026-02-28T23:59:59+01:00")))
        let leap = try instant("2028-01-31T10:00:00+01:00")
        #expect(
            try eu.deadline(for: .access, receivedAt: leap, extended: false)
                == (try instant("2028-02-29T23:59:59+01:00")))
    }

    @Test("RU: an objection acted on 'immediately' is due by the end of the day of receipt, not the second it arrives")
    func immediatelyEndsWithTheDayOfReceipt() throws {
        let received = try instant("2026-03-03T10:00:00+03:00")
        #expect(
            try ru.deadline(for: .objection, receivedAt: received, extended: false)
                == (try instant("2026-03-03T23:59:59+03:00")))
    }

    @Test("EU: the extension adds two months, counted from receipt")
    func euExtendedAccess() throws {
        let received = try instant("2026-01-31T10:00:00+01:00")
        #expect(
            try eu.deadline(for: .access, receivedAt: received, extended: true)
                == (try instant("2026-04-30T23:59:59+02:00")))
    }

    @Test("RU: access is answered by the end of the 10th working day, Moscow time")
    func ruAccess() throws {
        let received = try instant("2025-12-26T15:00:00+03:00")
        #expect(
            try ru.deadline(for: .access, receivedAt: received, extended: false)
                == (try instant("2026-01-21T23:59:59+03:00")))
        // 10 + 5 working days: 22, 23, 26, 27, 28 January.
        #expect(
            try ru.deadline(for: .access, receivedAt: received, extended: true)
                == (try instant("2026-01-28T23:59:59+03:00")))
    }

    @Test("RU: the day of receipt is the Moscow day, not the UTC one")
    func ruCountsMoscowDays() throws {
        // 22:30 UTC on Thursday 24 April is 01:30 on Friday 25 April in Moscow.
        let received = try instant("2025-04-24T22:30:00Z")
        #expect(
            try ru.deadline(for: .access, receivedAt: received, extended: false)
                == (try instant("2025-05-15T23:59:59+03:00")))
    }

    @Test("RU: rectification takes 7 working days")
    func ruRectification() throws {
        // Friday 2 May 2025 is off: 5, 6, 7, 12, 13, 14, 15 May.
        let received = try instant("2025-04-30T12:00:00+03:00")
        #expect(
            try ru.deadline(for: .rectification, receivedAt: received, extended: false)
                == (try instant("2025-05-15T23:59:59+03:00")))
    }

    @Test("RU: a withdrawal is executed within 30 calendar days")
    func ruWithdrawal() throws {
        let received = try instant("2026-03-01T09:00:00+03:00")
        #expect(
            try ru.deadline(for: .withdrawal, receivedAt: received, extended: true)
                == (try instant("2026-03-31T23:59:59+03:00")))
    }

    @Test("Objection is immediate (by the end of the day of receipt); leak notices run in hours")
    func immediateAndHours() throws {
        let received = try instant("2026-06-10T16:45:00+03:00")
        #expect(try ru.deadline(for: .objection, receivedAt: received, extended: false)
                == (try instant("2026-06-10T23:59:59+03:00")))
        #expect(
            try ru.deadline(for: .dataLeak, receivedAt: received, extended: false)
                == received.addingTimeInterval(86_400))
        #expect(
            try ru.deadline(for: .dataLeakReport, receivedAt: received, extended: false)
                == received.addingTimeInterval(259_200))
        #expect(
            try eu.deadline(for: .dataLeak, receivedAt: received, extended: false)
                == received.addingTimeInterval(259_200))
    }

    @Test("A deadline past the loaded calendars throws instead of guessing")
    func ruOutOfRange() throws {
        let received = try instant("2027-12-27T10:00:00+03:00")
        let error = #expect(throws: PolicyError.self) {
            try ru.deadline(for: .access, receivedAt: received, extended: false)
        }
        #expect(error?.code == .calendarOutOfRange)
    }

    @Test("The counted deadline past the loaded calendars is provisional: Monday–Friday, never later than the law's")
    func ruCountedPastCalendars() throws {
        let received = try instant("2027-12-24T10:00:00+03:00")
        let counted = try ru.countedDeadline(for: .access, receivedAt: received, extended: false)
        #expect(counted.date == (try instant("2028-01-10T23:59:59+03:00")))
        #expect(counted.certainty == .weekdaysOnly && counted.uncertainYears == [2027, 2028])
        let official = try ru.countedDeadline(
            for: .access, receivedAt: try instant("2026-03-02T10:00:00+03:00"), extended: false)
        #expect(official.certainty == .official && official.uncertainYears.isEmpty)
        #expect(official.date == (try instant("2026-03-17T23:59:59+03:00")))
        let stop = try ru.countedDeadline(
            for: .stopProcessing, receivedAt: try instant("2026-03-02T10:00:00+03:00"), extended: false)
        #expect(stop.date == official.date)
    }

    @Test(
        "Periods parse from the policy form",
        arguments: ["immediately", "24 hours", "30 days", "10 working_days", "1 month"])
    func periodRoundTrip(text: String) throws {
        let period = try #require(DeadlinePeriod(parsing: text))
        #expect(DeadlinePeriod(parsing: period.description) == period)
    }

    @Test("Nonsense periods are refused", arguments: ["soon", "10", "10 workdays", "0 days", "-1 days"])
    func badPeriod(text: String) {
        #expect(DeadlinePeriod(parsing: text) == nil)
    }
}
