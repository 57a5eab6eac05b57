/// An operation a role may be allowed to perform.
public enum RoleAction: String, Sendable, Hashable, CaseIterable, Codable {
    /// Export a person's data (access and portability answers).
    case export
    /// Execute erasures.
    case erase
    /// Read and verify the audit log.
    case audit
    /// Run the retention purge.
    case purge
    /// Administer the gateway: keys, tokens, policies.
    case admin
    /// Import customer files.
    case `import`
    /// Correct personal data.
    case rectify
    /// Record consents given or withdrawn.
    case consent
}
