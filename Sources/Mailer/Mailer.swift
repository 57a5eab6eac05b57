/// Sends one e-mail: a verification code, a double opt-in confirmation, a download notice.
///
/// Implementations deliver the message or throw a ``MailerError`` whose message names the step that failed and the
/// server's reply code, never an address or the text. `SMTPMailer` speaks SMTP with STARTTLS; tests pass a recording
/// double.
public protocol Mailer: Sendable {
    /// Delivers `message` to its recipient (handed to the next mail server, which then owns it).
    ///
    /// - Throws: ``MailerError``, or `CancellationError`.
    func send(_ message: MailMessage) async throws
}
