/// How a connector finds a person it holds, without the vault.
///
/// Erasure and suppression events carry this (as JSON in the outbox payload) because after crypto-shredding
/// the vault can no longer produce the e-mail or phone.
public struct PersonRef: Sendable, Codable, Equatable {
    /// The pseudonymous subject id (`sub_…`).
    public var subject: String
    /// The normalised e-mail, if the service was given one.
    public var email: String?
    /// The normalised phone (E.164), if the service was given one.
    public var phone: String?
    /// The service's id for the person, if known.
    public var externalID: String?

    /// Creates a reference.
    public init(subject: String, email: String? = nil, phone: String? = nil, externalID: String? = nil) {
        self.subject = subject
        self.email = email
        self.phone = phone
        self.externalID = externalID
    }
}
