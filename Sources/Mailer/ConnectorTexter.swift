public import ConnectorKit

/// A ``TextMessenger`` that sends through a service's SMS API (UniSender's `sendSms`).
///
/// The service's ``ConnectorError`` becomes a ``MailerError`` as ``ConnectorMailer`` maps it: the step and the
/// service's error code, never the number or the text.
public struct ConnectorTexter: TextMessenger {
    let sender: any TextMessageSending
    let senderName: String

    /// Creates a texter.
    ///
    /// - Parameters:
    ///   - sender: The connector whose service sends the SMS.
    ///   - senderName: The sender name registered at the service (3 to 11 Latin letters or digits).
    public init(sender: any TextMessageSending, senderName: String) {
        self.sender = sender
        self.senderName = senderName
    }

    public func send(_ message: TextMessage) async throws {
        do {
            _ = try await sender.sendTextMessage(to: message.to, sender: senderName, text: message.text)
        } catch let error as ConnectorError {
            throw ConnectorMailer.mailerError(error, connector: sender.name, step: "sms")
        }
    }
}
