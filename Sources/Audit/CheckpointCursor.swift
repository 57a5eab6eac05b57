import Vault

/// The chain's signed checkpoints in sequence order, read a page at a time while ``AuditLog/verify(in:trustedPublicKey:)``
/// walks the chain.
struct CheckpointCursor {
    let tx: VaultTransaction
    private var page: [AuditCheckpointRecord] = []
    private var index = 0
    private var after: Int64 = Int64.min
    private var exhausted = false

    init(tx: VaultTransaction) {
        self.tx = tx
    }

    /// The next checkpoint when its entry is `seq` or earlier; nil when the next one is later or none is left.
    mutating func next(atOrBefore seq: Int64) throws -> AuditCheckpointRecord? {
        if index == page.count {
            guard !exhausted else { return nil }
            page = try tx.auditCheckpoints(after: after, limit: AuditLog.verifyPage)
            index = 0
            exhausted = page.count < AuditLog.verifyPage
            guard !page.isEmpty else { return nil }
        }
        let checkpoint = page[index]
        guard checkpoint.seq <= seq else { return nil }
        index += 1
        after = checkpoint.seq
        return checkpoint
    }
}
