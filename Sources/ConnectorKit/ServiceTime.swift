public import Foundation

/// Times as mailing services write them in their APIs and webhooks.
public enum ServiceTime {
    /// Reads `YYYY-MM-DD HH:MM:SS` in UTC (Mailchimp's `fired_at`, UniSender's `event_time`), or ISO 8601 with an
    /// offset and optional fractional seconds (Mailchimp's `last_changed`); nil when it is neither.
    public static func date(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        if let date = formatter.date(from: text) { return date }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        if let date = iso.date(from: text) { return date }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return iso.date(from: text)
    }

    /// ISO 8601 with seconds and offset (`2026-03-01T10:00:00Z`), as APIs take time filters.
    public static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
