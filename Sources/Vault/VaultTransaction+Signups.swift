import Foundation
internal import GRDB

extension VaultTransaction {
    /// Keeps a sealed sign-up until `expiresAt` (Unix seconds), found later by `digest` (of its confirmation key).
    public func holdSignup(digest: [UInt8], sealed: [UInt8], at: Int64, expiresAt: Int64) throws {
        try db.execute(sql: "INSERT INTO pending_signup (digest, sealed, created_at, expires_at) VALUES (?, ?, ?, ?)",
                       arguments: [Data(digest), Data(sealed), at, expiresAt])
    }

    /// Removes and returns the sealed sign-up with this digest if it has not expired at `now`: a confirmation link
    /// works once.
    public func takeSignup(digest: [UInt8], now: Int64) throws -> [UInt8]? {
        let row = try Row.fetchOne(db, sql: "SELECT sealed, expires_at FROM pending_signup WHERE digest = ?",
                                   arguments: [Data(digest)])
        try db.execute(sql: "DELETE FROM pending_signup WHERE digest = ?", arguments: [Data(digest)])
        guard let row, (row["expires_at"] as Int64) > now else { return nil }
        return Array(row["sealed"] as Data)
    }

    /// Deletes sign-ups that expired before `now`; returns how many.
    @discardableResult
    public func deleteExpiredSignups(now: Int64) throws -> Int {
        try db.execute(sql: "DELETE FROM pending_signup WHERE expires_at <= ?", arguments: [now])
        return db.changesCount
    }

    /// Sign-ups waiting for confirmation.
    public func pendingSignupCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pending_signup") ?? 0
    }
}
