/// An error about a request: an illegal state change, a missing request, a deadline that cannot be computed.
public struct RequestError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable {
        case notFound
        case invalidTransition
        case alreadyExtended
        case deadlineUnavailable
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
