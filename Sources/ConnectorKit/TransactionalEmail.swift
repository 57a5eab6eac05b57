/// One e-mail a mailing service sends on pdgate's behalf to one person: a verification code or a confirmation link.
///
/// It carries personal data (the address) and secrets (codes, link tokens): never log it. Its `description` is the
/// size only.
public struct TransactionalEmail: Sendable, Equatable {
    /// The recipient's address.
    public var to: String
    /// The sender's address, as confirmed at the service.
    public var senderEmail: String
    /// The sender's name shown to the person.
    public var senderName: String
    /// The subject line (any Unicode).
    public var subject: String
    /// The body as plain text; a service that takes HTML gets it escaped, with its links made clickable.
    public var text: String

    /// Creates an e-mail.
    public init(to: String, senderEmail: String, senderName: String, subject: String, text: String) {
        self.to = to
        self.senderEmail = senderEmail
        self.senderName = senderName
        self.subject = subject
        self.text = text
    }
}

extension TransactionalEmail: CustomStringConvertible {
    /// Never the address or the text.
    public var description: String { "TransactionalEmail(\(text.utf8.count) bytes)" }
}
