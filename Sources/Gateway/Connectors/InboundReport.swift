/// What became of a delivery of inbound events (a webhook call or one pull).
public struct InboundReport: Sendable, Codable, Equatable {
    public var version = 1
    public var received = 0
    /// Consent withdrawals recorded (one per person and purpose).
    public var withdrawn = 0
    /// Addresses marked invalid.
    public var markedInvalid = 0
    /// Legacy consents turned into proven consent by a confirmation pdgate had asked for (one per person and
    /// purpose).
    public var confirmed = 0
    /// Events with no further effect: already withdrawn, marked or confirmed, or older than the person's latest
    /// consent.
    public var duplicates = 0
    /// Addresses that belong to nobody in the vault: counted, never created.
    public var unknown = 0
    /// Events that could not be used: no usable address, or a subscription pdgate did not ask to confirm (a
    /// signup inside the service is not consent pdgate can prove).
    public var ignored = 0
    /// Unsubscribes that only reported back pdgate's own suppression (a restriction, an objection): not the
    /// person's act, so nothing was recorded.
    public var echoes = 0

    public init() {}

    /// Adds another report's counts to this one.
    public mutating func add(_ other: InboundReport) {
        received += other.received
        withdrawn += other.withdrawn
        markedInvalid += other.markedInvalid
        confirmed += other.confirmed
        duplicates += other.duplicates
        unknown += other.unknown
        ignored += other.ignored
        echoes += other.echoes
    }
}
