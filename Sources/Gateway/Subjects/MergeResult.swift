/// What merging two subjects did: field names and counts only.
public struct MergeResult: Sendable, Codable, Equatable {
    public var version = 1
    /// The subject that remains.
    public var kept: String
    /// The subject merged into it, now erased.
    public var merged: String
    /// Fields the kept subject lacked, taken over.
    public var added: [String]
    /// Fields both held with different values where the merged subject's was confirmed more recently.
    public var replaced: [String]
    /// Fields both held where the kept subject's value stays (or both values were the same).
    public var unchanged: [String]
    /// Consent events copied into the kept subject's history (plus restatements where the merged history decides
    /// the current state).
    public var consentEvents: Int
}
