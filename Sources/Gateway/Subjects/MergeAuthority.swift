/// Who vouches that a new record belongs to an existing person, and so what a match may change.
///
/// Matching is one rule (``Gateway/match(tx:keyring:emailDigest:phoneDigest:name:email:nameField:emailField:)``),
/// but what a match is allowed to do depends on who is asking. The operator's own data (an import, the API with a
/// token, the officer) may merge and correct. A public, unauthenticated call (a web sign-up, a lead form) has proved
/// only that it controls the one e-mail its confirmation link went to: it may add consent to the person who has that
/// e-mail on file, but it never merges by phone and never changes a stored name or contact, because doing so would
/// let anyone who knows a phone number and one word of a name redirect that person's verification codes to
/// themselves. Its differing values become rectification requests for the officer instead.
public enum MergeAuthority: Sendable, Equatable {
    /// The operator's own data: the same e-mail, or the same phone with agreeing names, merges, and the given values
    /// replace the stored ones.
    case operatorRecord
    /// A public call that proved control of `provenEmail` (the confirmation link went there and was followed).
    /// It joins only the person with that e-mail on file, changes none of their values (differences are filed as
    /// rectification requests under `jurisdiction`), and a phone already on file for someone else is not stored.
    case publicCall(provenEmail: String, jurisdiction: String)

    /// True when a match may overwrite stored values.
    var mayOverwrite: Bool { self == .operatorRecord }

    /// True when a phone with agreeing names is enough to join an existing person.
    var mayMergeByPhone: Bool { self == .operatorRecord }
}
