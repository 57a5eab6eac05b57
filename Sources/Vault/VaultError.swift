/// An error raised by the vault. Messages name subjects by pseudonym and never hold personal data.
public struct VaultError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable {
        case notFound
        case corruptRecord
        case storage
        case conflict
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
