import Core
import Foundation
import Keyring
import Policy
import Vault

/// One person's values and consents from a web form or an API call, checked and normalised before the vault
/// transaction that records them (``Gateway/createSubject(fields:consents:capture:principal:authority:)``).
struct SubjectCapture: Sendable {
    /// A value of a field, normalised.
    struct Value: Sendable {
        var field: String
        var normalizer: NormalizerKind
        var value: String
    }

    var values: [Value]
    var name: String
    var email: String?
    var phone: String?
    var emailDigest: [UInt8]?
    var phoneDigest: [UInt8]?
    var nameField: String
    var emailField: String?
    var phoneField: String?
    /// Consent events for the pseudonym a new person would get; re-addressed to a matched person.
    var consentEvents: [ConsentEvent]
    var capture: ConsentCapture
    var authority: MergeAuthority
    var principal: Principal
    /// The pseudonym of a new person (its key is made inside the transaction, only when nobody matches).
    var newID: SubjectID
    var now: Int64

    /// The person to match in the vault. A public call could not prove the phone, so it never merges by it.
    var contact: PersonMatcher.Contact {
        .init(name: name, email: email, emailDigest: emailDigest,
              phoneDigest: authority.mayMergeByPhone ? phoneDigest : nil)
    }
}
