/// The result of checking the audit chain.
public struct AuditVerification: Sendable, Equatable, Codable {
    public var entries: Int
    public var checkpoints: Int
    /// Sequence number of the first entry that fails, if any.
    public var firstBadSeq: Int64?
    /// What is wrong there, in words.
    public var problem: String?

    public var isValid: Bool { firstBadSeq == nil && problem == nil }
}
