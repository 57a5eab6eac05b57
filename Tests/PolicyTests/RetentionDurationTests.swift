import Foundation
import Policy
import Testing

@Suite("Retention durations")
struct RetentionDurationTests {
    private let moscow = TimeZone(identifier: "Europe/Moscow") ?? .gmt

    private func instant(_ iso: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: iso))
    }

    @Test("Durations parse and print back", arguments: ["30d", "2w", "6m", "1y", "3y", "5y after end_of_year", "0d"])
    func roundTrip(text: String) throws {
        let duration = try #require(RetentionDuration(parsing: text))
        #expect(duration.description == text)
    }

    @Test("Only days and weeks have a fixed number of days")
    func fixedDays() {
        #expect(RetentionDuration(parsing: "14d")?.fixedDays == 14)
        #expect(RetentionDuration(parsing: "2w")?.fixedDays == 14)
        #expect(RetentionDuration(parsing: "1m")?.fixedDays == nil)
        #expect(RetentionDuration(parsing: "5y after end_of_year")?.fixedDays == nil)
    }

    @Test("Accounting data is kept five years after the end of the year of the last transaction")
    func afterEndOfYear() throws {
        let duration = try #require(RetentionDuration(parsing: "5y after end_of_year"))
        let lastTransaction = try instant("2025-03-15T12:00:00+03:00")
        #expect(duration.expiry(from: lastTransaction, in: moscow) == (try instant("2031-01-01T00:00:00+03:00")))
    }

    @Test("A year counts calendar years from the anchor")
    func plainYears() throws {
        let duration = try #require(RetentionDuration(parsing: "3y"))
        let purchase = try instant("2024-02-29T10:00:00+03:00")
        #expect(duration.expiry(from: purchase, in: moscow) == (try instant("2027-02-28T10:00:00+03:00")))
    }
}
