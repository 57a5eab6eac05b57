import Vault
import Storage
/// A running comparison of the audit chain with its index by subject (SQLite), for
/// ``VaultTransaction/finishAuditSubjectIndexCheck(_:)``.
///
/// Each side is summed as an order-independent total of a keyed hash of every (subject, sequence number) up to the
/// mark. The key is this process's random `Hasher` seed, so whoever changes the file cannot arrange a change to keep
/// the totals equal.
public struct AuditSubjectIndexCheck: Sendable {
    /// The entries up to here must all be in the index.
    public let mark: Int64
    var sum: UInt64 = 0
    var count = 0
    var hasRowsPastMark = false

    init(mark: Int64) {
        self.mark = mark
    }

    /// Counts one entry of the chain (or one row of the index).
    public mutating func add(seq: Int64, subject: String?) {
        guard let subject, seq <= mark else { return }
        var hasher = Hasher()
        hasher.combine(subject)
        hasher.combine(seq)
        sum &+= UInt64(bitPattern: Int64(hasher.finalize()))
        count += 1
    }
}
