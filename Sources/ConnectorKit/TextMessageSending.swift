/// A connector whose service can send one SMS at once, such as UniSender's `sendSms`.
///
/// The privacy center uses it for the verification codes of people who have only a phone number on file.
public protocol TextMessageSending: Sendable {
    /// The connector's name, as in the configuration.
    var name: String { get }

    /// Hands one SMS to the service for delivery.
    ///
    /// - Parameters:
    ///   - phone: The recipient in E.164 (`+79161234567`).
    ///   - sender: The sender name registered at the service.
    ///   - text: The message (the service's length limit applies).
    /// - Returns: The service's id of the message, when it gives one.
    /// - Throws: ``ConnectorError``; its message never holds the number or the text.
    func sendTextMessage(to phone: String, sender: String, text: String) async throws -> String?
}
