/// The retention rules and backup bounds from `retention.yaml`.
public struct RetentionPolicy: Sendable, Hashable {
    /// The rules, in file order.
    public let rules: [RetentionRule]
    /// Key-backup life and erasure execution window.
    public let backups: BackupPolicy

    /// Creates a retention policy.
    public init(rules: [RetentionRule], backups: BackupPolicy) {
        self.rules = rules
        self.backups = backups
    }

    /// The rule with this name.
    public func rule(named name: String) -> RetentionRule? {
        rules.first { $0.name == name }
    }
}
