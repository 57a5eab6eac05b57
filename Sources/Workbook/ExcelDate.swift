/// A calendar date and time of day as a workbook stores it: a serial number of days.
public struct ExcelDate: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour = 0
    public var minute = 0
    public var second = 0

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Whether a time of day is set.
    public var hasTime: Bool { hour != 0 || minute != 0 || second != 0 }

    /// ISO 8601: `2024-03-07`, or `2024-03-07T14:30:00` when a time of day is set.
    public var description: String {
        let date = "\(year)-\(Self.two(month))-\(Self.two(day))"
        return hasTime ? date + "T\(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))" : date
    }

    /// The date of a serial number: days since 1899-12-30 in the 1900 system (which counts a 29 February 1900
    /// that never was, so serials before 61 are one day off and 60 has no date), or since 1904-01-01.
    public init?(serial: Double, date1904: Bool = false) {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        let epochOffset: Int
        if date1904 {
            epochOffset = Self.daysFromCivil(1904, 1, 1)
        } else {
            guard days != 60 else { return nil }
            if days < 60 { days += 1 }
            epochOffset = Self.daysFromCivil(1899, 12, 30)
        }
        let (y, m, d) = Self.civil(fromDays: epochOffset + days)
        self.init(year: y, month: m, day: d, hour: seconds / 3600, minute: seconds % 3600 / 60, second: seconds % 60)
    }

    /// The serial number in the 1900 system.
    public var serial: Double {
        var days = Self.daysFromCivil(year, month, day) - Self.daysFromCivil(1899, 12, 30)
        if days < 61 { days -= 1 }
        return Double(days) + Double(hour * 3600 + minute * 60 + second) / 86_400
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
