public import Vault
internal import GRDB

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
        var sql = "SELECT * FROM audit_log WHERE at >= ? AND at <= ?"
        var arguments: StatementArguments = [from, to]
        if let principals, !principals.isEmpty {
            sql += " AND principal IN (\(principals.map { _ in "?" }.joined(separator: ", ")))"
            arguments += StatementArguments(principals)
        }
        return try Row.fetchAll(tx.db, sql: sql + " ORDER BY seq", arguments: arguments).map(Self.entry(from:))
    }

    /// The last time each principal appears in the log (Unix seconds), over the whole log.
    public func lastActivity(in tx: VaultTransaction) throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for row in try Row.fetchAll(tx.db, sql: "SELECT principal, MAX(at) AS last FROM audit_log GROUP BY principal") {
            result[row["principal"]] = row["last"]
        }
        return result
    }
}
