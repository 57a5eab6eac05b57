/// What `pdgate consent reconfirm` did: counts only, never a person.
public struct ReconfirmReport: Sendable, Codable, Equatable {
    public var version = 1
    public var purpose: String
    /// The connectors asked to run their double opt-in.
    public var connectors: [String]
    /// Nothing was queued or recorded: the counts say who would have been asked.
    public var dryRun: Bool
    /// People whose latest consent to the purpose is legacy and unproven (nobody else is ever considered).
    public var legacy = 0
    /// People asked to confirm (or who would be, in a dry run).
    public var requested = 0
    /// Not matching `--tag` or `--status`.
    public var skippedSelection = 0
    /// Already asked within the window.
    public var skippedRecent = 0
    /// On the suppression list (erased at their request, or objected).
    public var skippedSuppressed = 0
    /// Processing restricted.
    public var skippedRestricted = 0
    /// No e-mail, or a service reported the e-mail invalid.
    public var skippedNoEmail = 0

    public init(purpose: String, connectors: [String], dryRun: Bool) {
        self.purpose = purpose
        self.connectors = connectors
        self.dryRun = dryRun
    }
}
