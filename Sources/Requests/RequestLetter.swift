public import Foundation

/// A letter to the person about their request: the reasoned extension of its deadline or the reasoned refusal,
/// with their rights and the authority to complain to (152-FZ art. 14 p. 3 and 8, art. 20 p. 2, art. 17;
/// GDPR art. 12(3)–(4), 77, 79).
///
/// Holds no personal data: the person is addressed through the request's reference; the officer adds the address
/// when sending.
public struct RequestLetter: Sendable, Codable, Equatable {
    /// What the letter tells the person.
    public enum Kind: String, Sendable, Codable {
        /// The deadline is extended once, with the reason.
        case extensionNotice = "extension"
        /// The request is refused, with the reason.
        case refusal
    }

    public var kind: Kind
    /// The request reference, `REQ-2026-000042`.
    public var reference: String
    /// The kind of request (`access`, `erasure`, …).
    public var requestKind: String
    /// `RU` or `EU`: decides the law cited, the rights and the authority.
    public var jurisdiction: String
    public var receivedAt: Date
    /// The original deadline.
    public var deadline: Date
    /// The new deadline, for an extension.
    public var extendedDeadline: Date?
    /// The reason, in the officer's words, as the person reads it.
    public var reason: String
    public var writtenAt: Date
    /// The operator (controller) who writes.
    public var operatorInfo: AccessAnswer.Operator

    public init(kind: Kind, reference: String, requestKind: String, jurisdiction: String, receivedAt: Date,
                deadline: Date, extendedDeadline: Date?, reason: String, writtenAt: Date,
                operatorInfo: AccessAnswer.Operator) {
        self.kind = kind
        self.reference = reference
        self.requestKind = requestKind
        self.jurisdiction = jurisdiction
        self.receivedAt = receivedAt
        self.deadline = deadline
        self.extendedDeadline = extendedDeadline
        self.reason = reason
        self.writtenAt = writtenAt
        self.operatorInfo = operatorInfo
    }

    /// Whether the letter is under Russian law (152-FZ); otherwise under the GDPR.
    public var isRussian: Bool { jurisdiction.uppercased() == "RU" }
}
