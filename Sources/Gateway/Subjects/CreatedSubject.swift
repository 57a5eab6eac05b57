/// What ``Gateway/createSubject(fields:consents:capture:principal:)`` did: a new person, or a merge into the person
/// the values belong to.
public struct CreatedSubject: Sendable, Codable, Equatable {
    public var version = 1
    /// The pseudonym of the new or merged subject.
    public var subject: String
    /// True for a new subject, false when the values were merged into an existing one.
    public var created: Bool
    /// Names of the fields stored (new or confirmed).
    public var fields: [String]
    /// Names of fields whose stored value was replaced by a different one (merge only).
    public var changedFields: [String]
    /// Names of fields whose given value differs from the one on file and was filed as a rectification request for
    /// the officer instead of being written (a public call never changes a person's values).
    public var proposedChanges: [String] = []
    /// Kinds of address (`email`, `phone`) taken off the suppression list by the new consent.
    public var liftedSuppression: [String] = []
    /// Purposes consent was recorded for.
    public var consents: [String]
    /// True when someone with the same phone but another name exists: kept apart, to be reviewed (the other
    /// person's id is in the audit log, not here).
    public var needsReview: Bool
}
