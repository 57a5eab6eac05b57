public import Foundation

/// One thing a mailing service reported about an address: an unsubscribe, a spam complaint, a hard bounce, or the
/// confirmation of a subscription the service was asked to confirm (double opt-in).
///
/// An unsubscribe or complaint withdraws the connector's consent-based purposes (the 30-day clock starts at the
/// event's time); a bounce marks the address invalid and withdraws nothing; a confirmation turns legacy consent
/// that pdgate asked the service to reconfirm into proven consent. Webhooks and polling both produce these.
public struct InboundEvent: Sendable, Equatable {
    /// What happened.
    public enum Kind: String, Sendable, Codable {
        case unsubscribe
        case complaint
        case bounce
        /// The person confirmed their subscription (Mailchimp `pending` → `subscribed`, UniSender `invited` →
        /// `active`).
        case confirmation
    }

    public var kind: Kind
    /// The address as the service sent it (normalised before lookup, never stored or logged).
    public var email: String
    /// When the service saw it.
    public var at: Date
    /// The service's own reason code (`manual`, `abuse`, `hard`), kept only when it is a short token.
    public var reason: String?
    /// The service's name for the event (`subscribe`, `email_status`, `member:subscribed`): named in the evidence
    /// of a confirmation, never personal.
    public var serviceEvent: String?

    /// Creates an event.
    public init(kind: Kind, email: String, at: Date, reason: String? = nil, serviceEvent: String? = nil) {
        self.kind = kind
        self.email = email
        self.at = at
        self.reason = reason
        self.serviceEvent = serviceEvent
    }
}
