/// Sends one SMS: a verification code to a person who has only a phone number on file.
///
/// Implementations deliver the message or throw a ``MailerError`` whose message names the step that failed, never the
/// number or the text.
public protocol TextMessenger: Sendable {
    /// Delivers `message` to its recipient's phone.
    ///
    /// - Throws: ``MailerError``, or `CancellationError`.
    func send(_ message: TextMessage) async throws
}

/// A short text to one phone number.
public struct TextMessage: Sendable, Equatable {
    /// The recipient in E.164 (`+79161234567`).
    public var to: String
    /// The text, short enough for one or two SMS parts.
    public var text: String

    public init(to: String, text: String) {
        self.to = to
        self.text = text
    }
}

extension TextMessage: CustomStringConvertible {
    /// Never the number or the text: messages carry personal data and codes.
    public var description: String { "TextMessage(\(text.utf8.count) bytes)" }
}
