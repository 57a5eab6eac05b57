import Foundation
import Policy
import Testing

@Suite("Russian production calendar")
struct ProductionCalendarTests {
    private let calendar: ProductionCalendar

    init() throws {
        let policy = try PolicyFixtures.shipped.get()
        calendar = try #require(policy.calendar(named: "ru"))
    }

    private func day(_ text: String) throws -> CalendarDay {
        try #require(CalendarDay(iso: text))
    }

    @Test(
        "Holidays and transferred days off are not worked",
        arguments: [
            "2025-01-01", "2025-01-08", "2025-05-02", "2025-05-08", "2025-06-13", "2025-11-03", "2025-11-04",
            "2025-12-31", "2026-01-09", "2026-02-23", "2026-03-09", "2026-05-11", "2026-06-12", "2026-12-31",
            "2027-01-08", "2027-02-22", "2027-11-05",
        ])
    func nonWorkingDays(date: String) throws {
        #expect(!calendar.isWorkingDay(try day(date)))
    }

    @Test("A transferred working Saturday is worked")
    func workingSaturday() throws {
        let saturday = try day("2025-11-01")
        #expect(saturday.weekday == 6)
        #expect(calendar.isWorkingDay(saturday))
        #expect(!calendar.isWorkingDay(try day("2025-11-08")), "an ordinary Saturday")
        #expect(calendar.isWorkingDay(try day("2025-12-30")))
        #expect(calendar.isWorkingDay(try day("2026-01-12")))
    }

    @Test("Each official year has 247 working days")
    func yearTotals() {
        #expect(calendar.workingDayCount(year: 2025) == 247)
        #expect(calendar.workingDayCount(year: 2026) == 247)
        #expect(calendar.workingDayCount(year: 2027) == 247)
        #expect(
            (1...12).map { calendar.workingDayCount(year: 2025, month: $0) } == [
                17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22,
            ])
        #expect(
            (1...12).map { calendar.workingDayCount(year: 2026, month: $0) } == [
                15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22,
            ])
    }

    @Test("Provisional 2027 follows the Labour Code transfers and the reported decree")
    func provisional2027() {
        #expect(
            (1...12).map { calendar.workingDayCount(year: 2027, month: $0) }
                == [15, 19, 22, 22, 19, 21, 22, 22, 22, 21, 20, 22])
    }

    @Test("2027 is flagged provisional, 2025 and 2026 are not")
    func provisionalFlag() throws {
        #expect(calendar.isProvisional(try day("2027-03-01")))
        #expect(!calendar.isProvisional(try day("2026-03-01")))
        #expect(calendar.years.first { $0.year == 2026 }?.source.contains("№ 1466") == true)
        #expect(calendar.years.first { $0.year == 2025 }?.source.contains("№ 1335") == true)
    }

    // Counted by hand on the official calendars; day 1 is the first working day after the trigger.
    @Test(
        "Ten working days land on the right day",
        arguments: [
            // Fri before New Year: 29, 30 Dec; 31 Dec–11 Jan off; 12–16 Jan; 19, 20, 21 Jan.
            ("2025-12-26", "2026-01-21"),
            // Working Tue 30 Dec: 31 Dec–11 Jan off; 12–16 and 19–23 Jan.
            ("2025-12-30", "2026-01-23"),
            // May 2025: 28–30 Apr; 1–4 May off; 5–7 May; 8–11 May off; 12–15 May.
            ("2025-04-25", "2025-05-15"),
            // Working Sat 1 Nov 2025 counts; 3–4 Nov off.
            ("2025-10-27", "2025-11-11"),
            // 23 Feb and 9 Mar 2026 (Mondays) are off.
            ("2026-02-20", "2026-03-10"),
            // Trigger on Sat 9 May 2026; Mon 11 May is off.
            ("2026-05-09", "2026-05-25"),
            // Into 2027 (provisional): 28–30 Dec; 31 Dec–10 Jan off; 11–15 Jan; 18, 19 Jan.
            ("2026-12-25", "2027-01-19"),
        ])
    func tenWorkingDays(trigger: String, expected: String) throws {
        #expect(try calendar.addingWorkingDays(10, to: try day(trigger)) == (try day(expected)))
    }

    @Test("Zero working days is the trigger day itself")
    func zeroWorkingDays() throws {
        #expect(try calendar.addingWorkingDays(0, to: try day("2026-01-03")) == (try day("2026-01-03")))
    }

    @Test("Counting past the loaded years throws")
    func outOfRange() throws {
        let error = #expect(throws: PolicyError.self) {
            try calendar.addingWorkingDays(10, to: try day("2027-12-24"))
        }
        #expect(error?.code == .calendarOutOfRange)
        #expect(error?.message.contains("2028") == true)
        #expect(!calendar.covers(try day("2028-01-10")))
        #expect(!calendar.isWorkingDay(try day("2028-01-03")), "fallback still knows art. 112 holidays")
        #expect(calendar.isWorkingDay(try day("2028-01-10")))
    }

    @Test("Calendar days parse, compare and count weekdays")
    func calendarDays() throws {
        #expect(CalendarDay(iso: "2026-02-29") == nil)
        #expect(CalendarDay(iso: "2028-02-29") != nil)
        #expect(CalendarDay(iso: "2026-1-5") == nil)
        #expect(try day("2026-01-01").weekday == 4)
        #expect(try day("2025-12-31").adding(days: 1) == (try day("2026-01-01")))
        #expect(try day("2028-03-01").adding(days: -1).description == "2028-02-29")
        #expect(try day("2025-12-31") < (try day("2026-01-01")))
        let data = try JSONEncoder().encode([try day("2026-03-09")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-03-09"]"#)
    }
}
