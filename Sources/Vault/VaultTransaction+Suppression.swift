import Foundation
internal import GRDB

extension VaultTransaction {
    /// Adds (or refreshes) a suppressed address: `kind` is `email` or `phone`, `digest` its suppression hash.
    public func suppress(kind: String, digest: [UInt8], reason: String, at: Int64) throws {
        try db.execute(sql: """
            INSERT INTO suppression (kind, digest, reason, at) VALUES (?, ?, ?, ?)
            ON CONFLICT (kind, digest) DO UPDATE SET reason = excluded.reason, at = excluded.at
            """, arguments: [kind, Data(digest), reason, at])
    }

    /// Why an address is suppressed, or nil when it is not.
    public func suppressionReason(kind: String, digest: [UInt8]) throws -> String? {
        let statement = try db.cachedStatement(sql: "SELECT reason FROM suppression WHERE kind = ? AND digest = ?")
        return try String.fetchOne(statement, arguments: [kind, Data(digest)])
    }

    /// Whether any address is suppressed at all (an import into a vault without erasures skips the look-ups).
    public func hasSuppressedAddresses() throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM suppression)") ?? false
    }

    /// Lifts the suppression of an address; returns whether there was one.
    @discardableResult
    public func liftSuppression(kind: String, digest: [UInt8]) throws -> Bool {
        try db.execute(sql: "DELETE FROM suppression WHERE kind = ? AND digest = ?", arguments: [kind, Data(digest)])
        return db.changesCount > 0
    }

    /// Suppressed addresses by reason.
    public func suppressionCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT reason, COUNT(*) AS n FROM suppression GROUP BY reason") {
            counts[row["reason"]] = row["n"]
        }
        return counts
    }
}
