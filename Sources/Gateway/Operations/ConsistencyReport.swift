public import Audit

/// The result of ``Gateway/checkConsistency(principal:)``: whether every person is whole or fully erased, the
/// outbox and the audit log intact, and the counts agree. Pseudonyms and counts only.
public struct ConsistencyReport: Sendable, Codable, Equatable {
    /// Format version of this report.
    public var version = 1
    /// Subject rows in the vault.
    public var subjects = 0
    /// Subjects whose key exists and whose every sealed field opens.
    public var wholeSubjects = 0
    /// Sealed fields opened.
    public var fieldsOpened = 0
    /// Subjects with a row that cannot be read whole (key missing, or a field that does not open).
    public var unreadableSubjects: [String] = []
    /// Subjects whose erasure completed.
    public var erasedSubjects = 0
    /// Erased subjects of which a row or a key is still present.
    public var erasedButPresent: [String] = []
    /// Partially erased people (legal hold) whose erased fields are back in the vault, or whose key is older than
    /// the re-keying (a vault or key store restored from before the erasure and not re-applied).
    public var undonePartialErasures: [String] = []
    /// Erasures started and not finished (the next start finishes them).
    public var pendingErasures = 0
    /// Subject keys with no subject row: garbage from an interrupted import, swept after a day, never readable data.
    public var orphanKeys = 0
    /// Blind-index rows whose subject is gone.
    public var orphanIndexRows = 0
    /// Import runs recorded as finished, and ones started but not finished (must be 0: an import is one transaction).
    public var finishedImports = 0
    public var unfinishedImports = 0
    /// Outbox events by state.
    public var outbox: [String: Int] = [:]
    /// Idempotency keys or event ids stored twice.
    public var outboxDuplicates = 0
    /// Erased subjects missing an erasure event for a connector configured now (a connector added after the erasure
    /// shows up here too, so this is a warning, not a problem).
    public var erasuresWithoutConnectorEvents: [String] = []
    /// The audit chain check.
    public var audit: AuditVerification
    /// What is wrong, in words (pseudonyms and counts only); empty when consistent.
    public var problems: [String] = []
    /// Whether ``problems`` is empty.
    public var consistent = true

    public init(audit: AuditVerification) {
        self.audit = audit
    }
}
