/// What `keys rotate` did: the master key versions and how many wrapped keys moved to the new one.
public struct KeyRotationReport: Sendable, Codable, Equatable {
    /// Format version of this report.
    public var version = 1
    /// The current master key version after the run.
    public var masterVersion: Int
    /// The version that was current before the run.
    public var previousVersion: Int
    /// Whether this run finished an interrupted rotation instead of starting a new one.
    public var resumed: Bool
    /// Subject keys rewrapped under ``masterVersion``.
    public var subjectKeysRewrapped: Int
    /// Named keys (blind index, suppression, audit signing, outbox) rewrapped.
    public var namedKeysRewrapped: Int
    /// Keys still under an older version at the end (created meanwhile by another process that has not reopened
    /// the master key file); run `keys rotate` again to move them.
    public var remaining: Int
    /// Wall-clock duration.
    public var seconds: Double
}
