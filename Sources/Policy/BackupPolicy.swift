/// How long key backups live and how fast an erasure runs: together they bound when an erased person is
/// unreadable everywhere.
///
/// ``PolicySet/load(from:)`` requires `erasureExecutionWindow + keyBackupRetention` to fit in the withdrawal
/// deadline (152-FZ art. 21 p. 5: 30 days, backups included).
public struct BackupPolicy: Sendable, Hashable {
    /// How long a backup of `keys.sqlite` is kept before it is destroyed.
    public let keyBackupRetention: RetentionDuration
    /// The longest time from a withdrawal or erasure request to the executed erasure (subject key deleted).
    public let erasureExecutionWindow: RetentionDuration
    /// The retention rule that sets the withdrawal deadline (anchored on `consent_withdrawn`).
    public let withdrawalRule: String

    /// Creates a backup policy.
    public init(
        keyBackupRetention: RetentionDuration, erasureExecutionWindow: RetentionDuration, withdrawalRule: String
    ) {
        self.keyBackupRetention = keyBackupRetention
        self.erasureExecutionWindow = erasureExecutionWindow
        self.withdrawalRule = withdrawalRule
    }

    /// Days from a request until no copy, backups included, can be decrypted.
    public var daysUntilUnreadable: Int {
        (erasureExecutionWindow.fixedDays ?? 0) + (keyBackupRetention.fixedDays ?? 0)
    }
}
