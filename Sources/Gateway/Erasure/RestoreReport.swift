/// What `pdgate restore` put back and re-applied.
public struct RestoreReport: Sendable, Codable, Equatable {
    public var version = 1
    /// The vault and key-store backups restored.
    public var vaultFile: String
    public var keysFile: String
    /// Where the files they replaced were moved (inside the data directory, mode 0700).
    public var replacedFilesFolder: String
    /// Erasures in the ledger that the restored files had undone, erased again.
    public var erasuresReapplied: Int
    /// Suppression-list entries (erasures, objections, ended retention) the restored vault lacked, added back.
    public var suppressionsReapplied: Int
    /// Consent withdrawals recorded after the backup, recorded again.
    public var withdrawalsReapplied: Int
    /// Whether `pdgate check` finds the restored data directory consistent.
    public var consistent: Bool
}
