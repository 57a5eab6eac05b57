import Foundation

/// The time zones documents are dated in when the caller does not pass one.
enum DocumentTimeZone {
    /// Moscow time, used for Russian (152-FZ) documents.
    static let moscow = TimeZone(identifier: "Europe/Moscow") ?? TimeZone(secondsFromGMT: 3 * 3600) ?? .gmt
    /// UTC, used for EU documents, whose controller may sit in any member state.
    static let utc = TimeZone(identifier: "UTC") ?? .gmt

    /// The zone for a jurisdiction code: `RU` → Moscow, anything else → UTC.
    static func zone(forJurisdiction code: String) -> TimeZone {
        code.uppercased() == "RU" ? moscow : utc
    }
}
