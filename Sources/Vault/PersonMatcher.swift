public import Keyring
import Intake

/// Decides whose record a set of contact values belongs to: the one matching rule of the import, web forms, the
/// API and public sign-ups.
///
/// The same e-mail is the same person. The same phone is the same person only when the names agree and the
/// values bring no e-mail that differs from the one on file; someone sharing the phone otherwise is named as
/// *doubtful*, so the caller keeps the two apart and flags the pair for review. Callers that may not merge by
/// phone (a public call, which could not prove the phone) pass no phone digest.
public struct PersonMatcher {
    /// Whose record the values belong to.
    public enum Match: Sendable, Equatable {
        /// The person with this vault row.
        case existing(Int64)
        /// Nobody on file; `doubtfulWith` is a person sharing the phone under another name or e-mail.
        case new(doubtfulWith: Int64?)
    }

    /// The contact values of the person to match, normalised, with their blind-index digests.
    public struct Contact: Sendable {
        public var name: String
        public var email: String?
        public var emailDigest: [UInt8]?
        public var phoneDigest: [UInt8]?

        public init(name: String, email: String?, emailDigest: [UInt8]?, phoneDigest: [UInt8]?) {
            self.name = name
            self.email = email
            self.emailDigest = emailDigest
            self.phoneDigest = phoneDigest
        }
    }

    private let keyring: Keyring
    private let nameField: String
    private let emailField: String?
    private let mayBeKnown: (([UInt8], BlindIndex.Kind) -> Bool)?

    /// - Parameters:
    ///   - nameField: The field holding a person's name (the `name` normalizer of `fields.yaml`).
    ///   - emailField: The field holding the e-mail, if the catalogue has one.
    ///   - mayBeKnown: A prefilter that answers false only when no subject can hold the digest (an import's
    ///     ``DigestFilter``), sparing the query; nil queries every time.
    public init(keyring: Keyring, nameField: String, emailField: String?,
                mayBeKnown: (([UInt8], BlindIndex.Kind) -> Bool)? = nil) {
        self.keyring = keyring
        self.nameField = nameField
        self.emailField = emailField
        self.mayBeKnown = mayBeKnown
    }

    /// The person `contact` belongs to, read inside `tx`.
    ///
    /// - Throws: ``KeyringError`` when a candidate's stored name or e-mail does not open, ``VaultError`` on reads.
    public func match(_ contact: Contact, in tx: VaultTransaction) throws -> Match {
        if let digest = contact.emailDigest, mayBeKnown?(digest, .email) ?? true,
            let existing = try tx.subjects(withDigest: digest, kind: .email).first {
            return .existing(existing)
        }
        guard let digest = contact.phoneDigest, mayBeKnown?(digest, .phone) ?? true else {
            return .new(doubtfulWith: nil)
        }
        let candidates = try tx.subjects(withDigest: digest, kind: .phone)
        for candidate in candidates {
            guard let subject = try tx.subject(rowID: candidate) else { continue }
            let key = try keyring.subjectKey(for: subject.id)
            let storedName = try subject.record[nameField].map { try key.open($0.box, field: $0.name) } ?? ""
            guard PersonName.agree(storedName, contact.name) else { continue }
            if let email = contact.email, let emailField, let stored = subject.record[emailField],
                try key.open(stored.box, field: stored.name) != email {
                return .new(doubtfulWith: candidate)
            }
            return .existing(candidate)
        }
        return .new(doubtfulWith: candidates.first)
    }
}
