/// A plain-text e-mail to one person. The sender is the mailer's, from its configuration.
public struct MailMessage: Sendable, Equatable {
    /// The recipient's address (`anna@example.com`).
    public var to: String
    /// The subject line; any Unicode (sent as an RFC 2047 encoded word when it is not plain ASCII).
    public var subject: String
    /// The body, plain text in UTF-8; line endings are normalised to CRLF on the wire.
    public var text: String

    public init(to: String, subject: String, text: String) {
        self.to = to
        self.subject = subject
        self.text = text
    }
}

extension MailMessage: CustomStringConvertible {
    /// Never the address or the text: messages carry personal data and codes.
    public var description: String { "MailMessage(\(text.utf8.count) bytes)" }
}
