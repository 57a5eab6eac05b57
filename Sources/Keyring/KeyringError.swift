/// An error raised by the key ring.
///
/// Messages name the file, key or subject involved, never key material or personal data.
public struct KeyringError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable error code; the CLI and the HTTP API map it to exit codes and statuses.
    public enum Code: String, Sendable {
        case masterKeyExists
        case masterKeyMissing
        case masterKeyInsecurePermissions
        case masterKeyMalformed
        case wrongMasterKey
        case subjectKeyMissing
        case namedKeyMissing
        case decryptionFailed
        case cryptoFailure
        case storage
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
