/// An error from a gateway operation, with a stable code the CLI maps to exit codes and the server to statuses.
///
/// Messages name files, rows, fields and pseudonyms, never personal values.
public struct GatewayError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable, Codable {
        /// The data directory has not been initialised.
        case notInitialised
        /// `init` on a data directory that already has a master key.
        case alreadyInitialised
        /// The input file cannot be used at all (nothing was written).
        case malformedInput
        /// An argument is not acceptable (bad e-mail to search for, unknown column in a mapping, ...).
        case invalidArgument
        case notFound
        /// Refused by policy or role (exit code 3, HTTP 403).
        case refused
        /// The person's address is on the suppression list (erased at their request, or objected) and no new
        /// consent brings them back (HTTP 409).
        case suppressed
        case policy
        case storage
        case crypto
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The process exit code for this error: 3 when refused by policy or role, 1 otherwise.
    public var exitCode: Int32 { code == .refused ? 3 : 1 }
}
