/// Why a message was not delivered. The message names the step and the server's reply code, never an address, a
/// credential or the server's reply text (which often echoes the address).
public struct MailerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that act on it.
    public enum Code: String, Sendable {
        /// The server could not be reached (DNS, refused, connect timeout).
        case connection
        /// The server did not answer within the time allowed.
        case timeout
        /// TLS is required (configured, or to send credentials) but the server does not offer STARTTLS.
        case tlsRequired
        /// The TLS handshake failed (untrusted certificate, wrong host name, no common protocol).
        case tls
        /// The server refused the user name or password.
        case authentication
        /// The server refused the sender, the recipient or the message.
        case rejected
        /// The server's answer is not SMTP, or not the one the step expects.
        case protocolViolation
        /// The message or the configuration cannot be sent as it is (a line break in an address, say).
        case invalidMessage
    }

    public let code: Code
    /// The SMTP reply code when the server answered with one (`550`).
    public let replyCode: Int?
    public let message: String

    public init(_ code: Code, _ message: String, replyCode: Int? = nil) {
        self.code = code
        self.message = message
        self.replyCode = replyCode
    }

    public var description: String { "mail \(code.rawValue): \(message)" }
}
