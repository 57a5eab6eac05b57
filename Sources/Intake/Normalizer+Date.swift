extension Normalizer {
    /// The years a date may fall in.
    public static let dateYears = 1900...2100

    /// Normalises a calendar date to ISO 8601 (`yyyy-mm-dd`).
    ///
    /// Accepted: `dd.mm.yyyy` and `d.m.yyyy` (as Russian spreadsheets write dates), and `yyyy-mm-dd` (also with
    /// one-digit month or day). The date must exist (no 31 April, 29 February only in leap years) and fall in
    /// ``dateYears``.
    ///
    /// - Returns: The ISO date, e.g. `1990-03-07`.
    /// - Throws: ``ValueProblem`` with ``ValueProblem/Code/invalidDate``.
    public static func date(_ value: String) throws(ValueProblem) -> String {
        let trimmed = value.trimmingBlanks()
        guard !trimmed.isEmpty else { throw dateProblem("date is empty") }
        let dotted = trimmed.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let dashed = trimmed.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        let year: Int
        let month: Int
        let day: Int
        if dotted.count == 3, let d = number(dotted[0], digits: 1...2), let m = number(dotted[1], digits: 1...2) {
            guard let y = number(dotted[2], digits: 4...4) else {
                throw dateProblem("the year of a date must have four digits, as in dd.mm.yyyy")
            }
            (year, month, day) = (y, m, d)
        } else if dashed.count == 3, let y = number(dashed[0], digits: 4...4),
            let m = number(dashed[1], digits: 1...2), let d = number(dashed[2], digits: 1...2)
        {
            (year, month, day) = (y, m, d)
        } else {
            throw dateProblem("date is not in a known format; write it as dd.mm.yyyy or yyyy-mm-dd")
        }
        guard dateYears.contains(year) else {
            throw dateProblem("date has a year outside \(dateYears.lowerBound)–\(dateYears.upperBound)")
        }
        guard (1...12).contains(month) else { throw dateProblem("date has a month outside 1–12") }
        guard (1...daysIn(month: month, year: year)).contains(day) else {
            throw dateProblem("date has a day that its month does not have; check day and month (dd.mm.yyyy)")
        }
        return "\(year)-\(twoDigits(month))-\(twoDigits(day))"
    }

    /// The number written with ASCII digits only, when their count is in `digits`.
    private static func number(_ text: Substring.UTF8View, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(text.count), text.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return text.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func dateProblem(_ message: String) -> ValueProblem {
        ValueProblem(.invalidDate, message)
    }
}
