/// A retention rule from `retention.yaml`: how long data is kept, counted from which event, for whom.
public struct RetentionRule: Sendable, Hashable {
    /// The rule's name (`customer_marketing_profile`).
    public let name: String
    /// What the rule says, for people.
    public let description: LocalizedText
    /// How long the data is kept after ``anchor``.
    public let duration: RetentionDuration
    /// The event the period is counted from.
    public let anchor: RetentionAnchor
    /// Which subjects the rule applies to.
    public let appliesTo: SubjectScope
    /// The law that obliges keeping the data; while it runs, an erasure blocks the data instead of destroying it.
    public let legalHold: LocalizedText?

    /// Creates a rule.
    public init(
        name: String, description: LocalizedText, duration: RetentionDuration, anchor: RetentionAnchor,
        appliesTo: SubjectScope, legalHold: LocalizedText?
    ) {
        self.name = name
        self.description = description
        self.duration = duration
        self.anchor = anchor
        self.appliesTo = appliesTo
        self.legalHold = legalHold
    }
}
