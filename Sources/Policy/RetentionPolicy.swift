/// The retention rules and backup bounds from `retention.yaml`.
public struct RetentionPolicy: Sendable, Hashable {
    /// The rules, in file order.
    public let rules: [RetentionRule]
    /// Key-backup life and erasure execution window.
    public let backups: BackupPolicy
    /// How long a consent imported from a spreadsheet without proof (legacy, unproven) keeps a person who has no
    /// other reason to be kept: after it, the re-permission is taken to have failed and the lead's own rule applies
    /// (`legacy_consent_life`, default 6 months).
    public let legacyConsentLife: RetentionDuration

    /// Creates a retention policy.
    public init(rules: [RetentionRule], backups: BackupPolicy,
                legacyConsentLife: RetentionDuration = RetentionPolicy.defaultLegacyConsentLife) {
        self.rules = rules
        self.backups = backups
        self.legacyConsentLife = legacyConsentLife
    }

    /// Six months: long enough for a re-permission campaign, short enough that unproven consent does not keep
    /// people for years.
    public static let defaultLegacyConsentLife = RetentionDuration(parsing: "6m")!

    /// The rule with this name.
    public func rule(named name: String) -> RetentionRule? {
        rules.first { $0.name == name }
    }
}
