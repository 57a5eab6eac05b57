import Foundation
internal import Storage

extension VaultTransaction {
    /// Adds (or refreshes) a suppressed address: `kind` is `email` or `phone`, `digest` its suppression hash.
    public func suppress(kind: String, digest: [UInt8], reason: String, at: Int64) throws {
        try sql.execute("""
            INSERT INTO suppression (kind, digest, reason, at) VALUES (?, ?, ?, ?)
            ON CONFLICT (kind, digest) DO UPDATE SET reason = excluded.reason, at = excluded.at
            """, [.text(kind), .blob(Data(digest)), .text(reason), .integer(at)])
    }

    /// Why an address is suppressed, or nil when it is not.
    public func suppressionReason(kind: String, digest: [UInt8]) throws -> String? {
        try sql.fetchValue("SELECT reason FROM suppression WHERE kind = ? AND digest = ?",
                           [.text(kind), .blob(Data(digest))], as: String.self)
    }

    /// Whether any address is suppressed at all (an import into a vault without erasures skips the look-ups).
    public func hasSuppressedAddresses() throws -> Bool {
        try sql.fetchValue("SELECT EXISTS (SELECT 1 FROM suppression)", as: Bool.self) ?? false
    }

    /// Lifts the suppression of an address; returns whether there was one.
    @discardableResult
    public func liftSuppression(kind: String, digest: [UInt8]) throws -> Bool {
        try sql.execute("DELETE FROM suppression WHERE kind = ? AND digest = ?", [.text(kind), .blob(Data(digest))]) > 0
    }

    /// Suppressed addresses by reason.
    public func suppressionCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try sql.fetchAll("SELECT reason, COUNT(*) AS n FROM suppression GROUP BY reason", []) {
            counts[row["reason"]] = row["n"]
        }
        return counts
    }
}
