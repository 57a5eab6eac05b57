/// An error found while loading or applying the policy files.
///
/// Every error names the file, the line and the key path it is about, never personal data:
/// `purposes.yaml:14 purposes.marketing_email.retention`. The ``code`` is stable and drives exit codes.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem the policy has.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// A policy file is missing or cannot be read.
        case fileNotFound
        /// The file is not valid YAML.
        case malformedYAML
        /// The `version` of a file is not one this build understands.
        case unsupportedVersion
        /// A key that the schema does not define (usually a typo).
        case unknownKey
        /// A required key is absent.
        case missingKey
        /// A value has the wrong shape (a list where a mapping is expected, …).
        case wrongType
        /// A value is not one of the allowed values or breaks a rule of the schema.
        case invalidValue
        /// A duration such as `3y` or `5y after end_of_year` cannot be parsed.
        case invalidDuration
        /// A date such as `2025-01-08` cannot be parsed or lies outside its year.
        case invalidDate
        /// The same name or header is defined twice.
        case duplicateName
        /// A name refers to something no policy file defines (a field, a rule, a recipient, …).
        case unknownReference
        /// Time to execute an erasure plus the key-backup life exceeds the withdrawal deadline.
        case withdrawalWindowExceeded
        /// A date falls outside the years the production calendars cover.
        case calendarOutOfRange
    }

    /// The stable error code.
    public let code: Code
    /// The policy file, relative to the policy folder (`purposes.yaml`, `calendars/ru-2025.yaml`).
    public let file: String
    /// The 1-based line in ``file``, when known.
    public let line: Int?
    /// The dotted key path inside the file (`purposes.marketing_email.retention`), or empty.
    public let keyPath: String
    /// What is wrong and how to fix it.
    public let message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The stable error code.
    ///   - file: The policy file, relative to the policy folder.
    ///   - line: The 1-based line, when known.
    ///   - keyPath: The dotted key path inside the file.
    ///   - message: What is wrong and how to fix it.
    public init(_ code: Code, file: String, line: Int? = nil, keyPath: String = "", message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    /// Where the problem is: `file.yaml:LINE path.to.key`.
    public var location: String {
        var result = file
        if let line {
            result += ":\(line)"
        }
        if !keyPath.isEmpty {
            result += " \(keyPath)"
        }
        return result
    }

    public var description: String {
        "\(code.rawValue) at \(location): \(message)"
    }
}
