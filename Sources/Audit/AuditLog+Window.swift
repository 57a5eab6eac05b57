import Core
public import Vault

extension AuditLog {
    /// The entries recorded between two instants (Unix seconds, both included), oldest first, optionally only those
    /// of some principals.
    ///
    /// - Parameters:
    ///   - from: The first second of the window.
    ///   - to: The last second of the window.
    ///   - principals: Principal names to keep (`token:crm`, `cli:anna`); `nil` or empty keeps everyone.
    public func entries(from: Int64, to: Int64, principals: [String]? = nil, in tx: VaultTransaction) throws
        -> [AuditEntry]
    {
        try tx.auditRecords(from: from, to: to, principals: principals).map(Self.entry(from:))
    }

    /// The last time each principal appears in the log (Unix seconds), over the whole log.
    public func lastActivity(in tx: VaultTransaction) throws -> [String: Int64] {
        try tx.auditLastActivity()
    }
}
