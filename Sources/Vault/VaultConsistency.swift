/// Counts over the vault's own tables that show whether interrupted work left anything half done.
public struct VaultConsistency: Sendable, Equatable {
    /// Subject rows.
    public var subjects = 0
    /// Blind-index rows whose subject row is gone.
    public var orphanIndexRows = 0
    /// Import runs started but never finished (an import commits as one transaction, so this must stay 0).
    public var unfinishedImports = 0
    /// Erasures whose intent was recorded but not completed (finished at the next start).
    public var pendingErasures: [String] = []
    /// Subjects whose erasure completed.
    public var erasedSubjects: [String] = []
    /// Outbox events by state (`pending`, `done`, `dead`).
    public var outboxByState: [String: Int] = [:]
    /// Idempotency keys or event ids stored more than once (the schema forbids it; counted to prove it).
    public var outboxDuplicates = 0
    /// For each subject with an erasure event, the connectors it was queued for.
    public var erasureEventConnectors: [String: Set<String>] = [:]
    /// Import runs recorded as finished.
    public var finishedImports = 0

    public init() {}
}
