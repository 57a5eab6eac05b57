import Foundation
import Policy

/// Formats dates for documents: `23.11.2026` in Russian, `23 November 2026` in English, in one time zone.
///
/// Computed from Gregorian calendar fields rather than locale data, so the output is the same on every platform.
struct DocumentDateFormat {
    private static let englishMonths = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    let language: Language
    let timeZone: TimeZone
    private let calendar: Calendar

    init(language: Language, timeZone: TimeZone) {
        self.language = language
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// The day: `dd.MM.yyyy` (ru) or `d MMMM yyyy` (en).
    func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = parts.year ?? 0
        let month = parts.month ?? 1
        let day = parts.day ?? 1
        switch language {
        case .ru:
            return "\(twoDigits(day)).\(twoDigits(month)).\(year)"
        case .en:
            return "\(day) \(Self.englishMonths[(month - 1) % 12]) \(year)"
        }
    }

    /// The day and the time of day, `dd.MM.yyyy HH:mm` (or with seconds), in ``timeZone``.
    func dayAndTime(_ date: Date, seconds: Bool = false) -> String {
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        var time = "\(twoDigits(parts.hour ?? 0)):\(twoDigits(parts.minute ?? 0))"
        if seconds {
            time += ":\(twoDigits(parts.second ?? 0))"
        }
        return language == .ru ? "\(day(date)) \(time)" : "\(day(date)), \(time)"
    }

    /// The offset from UTC at `date`, `UTC+03:00`, for column headings.
    func zoneLabel(at date: Date) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "−" : "+"
        let minutes = abs(offset) / 60
        return "UTC\(sign)\(twoDigits(minutes / 60)):\(twoDigits(minutes % 60))"
    }

    private func twoDigits(_ number: Int) -> String {
        number < 10 ? "0\(number)" : "\(number)"
    }
}
