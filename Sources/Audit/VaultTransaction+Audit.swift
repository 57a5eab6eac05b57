import Foundation
public import Vault
import Storage

/// The audit chain's tables (`audit_log`, `audit_checkpoint`), for the Audit module.
extension VaultTransaction {
    /// The sequence number and hash of the chain's last entry, or nil for an empty chain.
    ///
    /// With `forAppend`, the chain stays locked until this transaction ends, so appends from every process take
    /// turns and the chain stays one line (PostgreSQL: a transaction-level advisory lock; SQLite has one writer).
    public func auditHead(forAppend: Bool) throws -> (seq: Int64, hash: [UInt8])? {
        if forAppend, chainHead.isLocked { return chainHead.locked }
        if forAppend { try sql.lockUntilCommit("audit.chain") }
        let head = try sql.fetchOne("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", []) { row in
            (seq: row[0] as Int64, hash: row[1] as [UInt8])
        }
        if forAppend {
            chainHead.locked = head
            chainHead.isLocked = true
        }
        return head
    }

    /// Appends a link; its `seq` must follow the head read with ``auditHead(forAppend:)``.
    public func insertAuditRecord(_ record: AuditRecord) throws {
        try inserts(.auditRecord).add([
            .integer(record.seq), .integer(record.at), .text(record.principal), .text(record.role), .text(record.action),
            record.purpose.sqlValue, record.subject.sqlValue, .text(record.fields), .text(record.outcome),
            record.detail.sqlValue, record.previousHash.sqlValue, record.hash.sqlValue,
        ])
        if chainHead.isLocked {
            chainHead.locked = (record.seq, record.hash)
            chainHead.appendedUnsigned = true
        }
    }

    /// Whether a checkpoint signs the entry `seq`.
    public func hasAuditCheckpoint(seq: Int64) throws -> Bool {
        try sql.fetchValue("SELECT 1 FROM audit_checkpoint WHERE seq = ?", [.integer(seq)], as: Bool.self) ?? false
    }

    /// Stores a signed checkpoint.
    public func insertAuditCheckpoint(_ checkpoint: AuditCheckpointRecord) throws {
        try sql.execute("INSERT INTO audit_checkpoint (seq, hash, signature, public_key, at) VALUES (?, ?, ?, ?, ?)",
                        [.integer(checkpoint.seq), checkpoint.hash.sqlValue, checkpoint.signature.sqlValue,
                         checkpoint.publicKey.sqlValue, .integer(checkpoint.at)])
        chainHead.appendedUnsigned = false
    }

    /// Up to `limit` links after `seq`, in chain order (read the chain page by page).
    public func auditRecords(after seq: Int64, limit: Int) throws -> [AuditRecord] {
        try sql.fetchAll("SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
                         [.integer(seq), .integer(Int64(limit))]).map(Self.auditRecord(from:))
    }

    /// Up to `limit` checkpoints after entry `seq`, in chain order (read them page by page).
    public func auditCheckpoints(after seq: Int64, limit: Int) throws -> [AuditCheckpointRecord] {
        try sql.fetchAll("SELECT * FROM audit_checkpoint WHERE seq > ? ORDER BY seq LIMIT ?",
                         [.integer(seq), .integer(Int64(limit))]).map(Self.auditCheckpointRecord(from:))
    }

    static func auditCheckpointRecord(from row: any SQLRowReading) -> AuditCheckpointRecord {
        AuditCheckpointRecord(seq: row["seq"], hash: row["hash"], signature: row["signature"],
                              publicKey: row["public_key"], at: row["at"])
    }

    /// The last `limit` links, in chain order.
    public func recentAuditRecords(limit: Int) throws -> [AuditRecord] {
        try sql.fetchAll("SELECT * FROM (SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?) AS recent ORDER BY seq",
                         [.integer(Int64(limit))]).map(Self.auditRecord(from:))
    }

    /// The links recorded between two instants (both included), optionally only those of some principals.
    public func auditRecords(from: Int64, to: Int64, principals: [String]?) throws -> [AuditRecord] {
        var query = "SELECT * FROM audit_log WHERE at >= ? AND at <= ?"
        var arguments: [SQLValue] = [.integer(from), .integer(to)]
        if let principals, !principals.isEmpty {
            query += " AND principal IN (\(principals.map { _ in "?" }.joined(separator: ", ")))"
            arguments += principals.map { .text($0) }
        }
        return try sql.fetchAll(query + " ORDER BY seq", arguments).map(Self.auditRecord(from:))
    }

    /// The last time each principal appears in the chain (Unix seconds).
    public func auditLastActivity() throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for row in try sql.fetchAll("SELECT principal, MAX(at) AS last FROM audit_log GROUP BY principal", []) {
            result[row["principal"]] = row["last"]
        }
        return result
    }

    /// How many links the chain holds.
    public func auditRecordCount() throws -> Int {
        try sql.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) ?? 0
    }

    static func auditRecord(from row: any SQLRowReading) -> AuditRecord {
        AuditRecord(seq: row["seq"], at: row["at"], principal: row["principal"], role: row["role"],
                    action: row["action"], purpose: row["purpose"], subject: row["subject"],
                    fields: row["fields"] ?? "", outcome: row["outcome"], detail: row["detail"],
                    previousHash: row["prev_hash"], hash: row["hash"])
    }
}
