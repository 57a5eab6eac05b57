/// How fresh personal data must be and how large an export may be before it is reviewed (`quality.yaml`).
///
/// The file is optional: without it, values are due for re-verification 6 months after they were last
/// confirmed, and exports of more than 1,000 people need the `export` action.
public struct DataQualityPolicy: Sendable, Hashable {
    /// How long after its last confirmation a value is due for re-verification.
    public var reverifyAfter: RetentionDuration
    /// Per-field exceptions to ``reverifyAfter``, by field name.
    public var reverifyFields: [String: RetentionDuration]
    /// Exports of more people than this need a role with the `export` action and are flagged for the access
    /// review.
    public var exportReviewThreshold: Int
    /// How long an export file lives before the purge deletes it (plaintext outside the vault must not outlive its
    /// use; an erasure deletes every export holding the person at once).
    public var exportFileLife: RetentionDuration

    /// The defaults: re-verify after 6 months; review exports of more than 1,000 people; export files live 7 days.
    public static let defaults = DataQualityPolicy(
        reverifyAfter: RetentionDuration(amount: 6, unit: .months), reverifyFields: [:], exportReviewThreshold: 1_000)

    public init(reverifyAfter: RetentionDuration, reverifyFields: [String: RetentionDuration],
                exportReviewThreshold: Int, exportFileLife: RetentionDuration = RetentionDuration(amount: 7, unit: .days)) {
        self.reverifyAfter = reverifyAfter
        self.reverifyFields = reverifyFields
        self.exportReviewThreshold = exportReviewThreshold
        self.exportFileLife = exportFileLife
    }

    /// The re-verification period of a field.
    public func reverifyAfter(field: String) -> RetentionDuration {
        reverifyFields[field] ?? reverifyAfter
    }
}
