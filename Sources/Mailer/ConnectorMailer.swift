public import ConnectorKit

/// A ``Mailer`` that sends through a mailing service's transactional API (UniSender's `sendEmail`) instead of SMTP.
///
/// The service's ``ConnectorError`` becomes a ``MailerError`` with the same privacy promise: the step and the
/// service's error code, never the address or the text.
public struct ConnectorMailer: Mailer {
    let sender: any TransactionalSending
    let from: String
    let fromName: String

    /// Creates a mailer.
    ///
    /// - Parameters:
    ///   - sender: The connector whose service sends the e-mails.
    ///   - from: The sender address, as confirmed at the service.
    ///   - fromName: The sender name shown to people.
    public init(sender: any TransactionalSending, from: String, fromName: String) {
        self.sender = sender
        self.from = from
        self.fromName = fromName
    }

    public func send(_ message: MailMessage) async throws {
        guard !message.to.contains(where: \.isNewline), !message.subject.contains(where: \.isNewline) else {
            throw MailerError(.invalidMessage, "line break in the recipient or subject")
        }
        do {
            _ = try await sender.sendTransactional(TransactionalEmail(
                to: message.to, senderEmail: from, senderName: fromName, subject: message.subject, text: message.text))
        } catch let error as ConnectorError {
            throw Self.mailerError(error, connector: sender.name, step: "transactional send")
        }
    }

    /// The mailer's view of a connector's failure.
    static func mailerError(_ error: ConnectorError, connector: String, step: String) -> MailerError {
        let what = "\(connector) \(step)"
        let service = error.apiErrorType.map { " (\($0))" } ?? ""
        switch error.code {
        case .unauthorized: return MailerError(.authentication, "\(what): credentials refused\(service)")
        case .rateLimited, .transient: return MailerError(.connection, "\(what): service unavailable\(service)")
        case .invalidResponse: return MailerError(.protocolViolation, "\(what): unexpected answer")
        case .invalidConfiguration: return MailerError(.invalidMessage, "\(what): not configured\(service)")
        case .permanent, .notFound: return MailerError(.rejected, "\(what): refused\(service)")
        }
    }
}
