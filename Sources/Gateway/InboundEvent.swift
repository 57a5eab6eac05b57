public import Foundation

/// One thing a mailing service reported about an address: an unsubscribe, a spam complaint or a hard bounce.
///
/// An unsubscribe or complaint withdraws the connector's consent-based purposes (the 30-day clock starts at the
/// event's time); a bounce marks the address invalid and withdraws nothing.
public struct InboundEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case unsubscribe
        case complaint
        case bounce
    }

    public var kind: Kind
    /// The address as the service sent it (normalised before lookup, never stored or logged).
    public var email: String
    /// When the service saw it.
    public var at: Date
    /// The service's own reason code (`manual`, `abuse`, `hard`), kept only when it is a short token.
    public var reason: String?

    public init(kind: Kind, email: String, at: Date, reason: String? = nil) {
        self.kind = kind
        self.email = email
        self.at = at
        self.reason = reason
    }
}

/// What became of a delivery of inbound events.
public struct InboundReport: Sendable, Codable, Equatable {
    public var version = 1
    public var received = 0
    /// Consent withdrawals recorded (one per person and purpose).
    public var withdrawn = 0
    /// Addresses marked invalid.
    public var markedInvalid = 0
    /// Events with no further effect: already withdrawn or marked, or older than the person's latest consent.
    public var duplicates = 0
    /// Addresses that belong to nobody in the vault: counted, never created.
    public var unknown = 0
    /// Events that could not be read (no usable address).
    public var ignored = 0

    public init() {}
}
