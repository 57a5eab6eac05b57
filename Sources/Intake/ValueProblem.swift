/// Why a value from an import file was rejected.
///
/// The message says what is wrong and how to fix it, and never repeats the value: values are personal data, and
/// the problem ends up in import reports and logs. The caller adds the row and the column.
public struct ValueProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of value was rejected.
    public enum Code: String, Sendable, CaseIterable {
        /// See ``Normalizer/email(_:)``.
        case invalidEmail
        /// See ``Normalizer/phone(_:)``.
        case invalidPhone
        /// See ``Normalizer/name(_:)``.
        case invalidName
        /// See ``Normalizer/date(_:)``.
        case invalidDate
        /// See ``Normalizer/amount(_:)``.
        case invalidAmount
        /// See ``Normalizer/inn(_:)``.
        case invalidINN
        /// The value is longer than its field allows.
        case tooLong
    }

    /// The stable problem code.
    public let code: Code
    /// What is wrong and how to fix it, without the value: "phone has 5 digits; …".
    public let message: String

    /// Creates a problem; `message` must not contain the value.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message: `invalidPhone: phone has 5 digits; …`.
    public var description: String { "\(code.rawValue): \(message)" }
}
