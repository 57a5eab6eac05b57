/// The deadline a jurisdiction sets for one kind of request, with its optional extension.
public struct DeadlineRule: Sendable, Hashable {
    /// The request kind.
    public let kind: RequestKind
    /// The period to act within.
    public let period: DeadlinePeriod
    /// The extra period the law allows with a reasoned notice to the person, if any.
    public let extensionPeriod: DeadlinePeriod?
    /// The articles the deadline rests on.
    public let basis: String
    /// A remark for the privacy officer, if any.
    public let note: String?

    /// Creates a rule.
    public init(
        kind: RequestKind, period: DeadlinePeriod, extensionPeriod: DeadlinePeriod?, basis: String, note: String?
    ) {
        self.kind = kind
        self.period = period
        self.extensionPeriod = extensionPeriod
        self.basis = basis
        self.note = note
    }
}
