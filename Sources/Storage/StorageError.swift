/// An error of the storage layer: a code and a message naming the backend, table or state, never a bound value.
public struct StorageError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable {
        /// The database location (`postgres://…`) is malformed.
        case invalidLocation
        /// The server cannot be reached or refused the credentials.
        case unavailable
        /// A statement failed; ``StorageError/state`` holds the SQLSTATE or SQLite result code.
        case statementFailed
        /// Two writers collided (a unique key taken meanwhile, a serialisation failure or a deadlock).
        case conflict
        /// The operation exists on the other backend only.
        case unsupported
    }

    public let code: Code
    /// The SQLSTATE (PostgreSQL) or result code (SQLite), when a statement failed.
    public let state: String?
    public let message: String

    public init(_ code: Code, _ message: String, state: String? = nil) {
        self.code = code
        self.message = message
        self.state = state
    }

    public var description: String {
        "\(code.rawValue): \(message)" + (state.map { " (\($0))" } ?? "")
    }
}
