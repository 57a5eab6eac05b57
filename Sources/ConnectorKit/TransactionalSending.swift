/// A connector whose service can send one individual e-mail at once (a transactional send), such as UniSender's
/// `sendEmail`.
///
/// The privacy center uses it, as an alternative to SMTP, for verification codes and double opt-in links. The
/// service must not rewrite links for click tracking (the links carry one-time tokens) and must not open them.
public protocol TransactionalSending: Sendable {
    /// The connector's name, as in the configuration.
    var name: String { get }

    /// Hands one e-mail to the service for delivery.
    ///
    /// - Returns: The service's id of the message, when it gives one.
    /// - Throws: ``ConnectorError``; its message never holds the address or the text.
    func sendTransactional(_ email: TransactionalEmail) async throws -> String?
}
