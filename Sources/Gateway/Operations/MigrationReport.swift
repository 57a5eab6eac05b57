/// What `pdgate migrate` moved into PostgreSQL, and whether the copy checked out.
public struct MigrationReport: Sendable, Codable, Equatable {
    public var version = 1
    /// The target vault, with its password hidden.
    public var target: String
    /// The target key database, with its password hidden.
    public var keyTarget: String
    /// Rows copied per vault table.
    public var vaultRows: [String: Int]
    /// Rows copied per key-store table.
    public var keyRows: [String: Int]
    /// Audit entries and checkpoints found valid in the target after the move.
    public var auditEntries: Int
    public var auditCheckpoints: Int
    /// Whether every count matched and the audit chain verified in the target.
    public var verified: Bool
    /// What did not match, if anything (table names and counts only).
    public var problems: [String]
    public var seconds: Double
}
