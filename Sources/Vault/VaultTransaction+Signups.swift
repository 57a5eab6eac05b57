import Foundation
internal import Storage

extension VaultTransaction {
    /// Keeps a sealed sign-up until `expiresAt` (Unix seconds), found later by `digest` (of its confirmation key).
    public func holdSignup(digest: [UInt8], sealed: [UInt8], at: Int64, expiresAt: Int64) throws {
        try sql.execute("INSERT INTO pending_signup (digest, sealed, created_at, expires_at) VALUES (?, ?, ?, ?)",
                        [.blob(Data(digest)), .blob(Data(sealed)), .integer(at), .integer(expiresAt)])
    }

    /// Removes and returns the sealed sign-up with this digest if it has not expired at `now`: a confirmation link
    /// works once.
    public func takeSignup(digest: [UInt8], now: Int64) throws -> [UInt8]? {
        // Read for update: of two instances confirming the same link at once, one gets the row.
        let row = try sql.fetchOne("SELECT sealed, expires_at FROM pending_signup WHERE digest = ?" + forUpdate,
                                   [.blob(Data(digest))])
        try sql.execute("DELETE FROM pending_signup WHERE digest = ?", [.blob(Data(digest))])
        guard let row, (row["expires_at"] as Int64) > now else { return nil }
        return Array(row["sealed"] as Data)
    }

    /// Deletes sign-ups that expired before `now`; returns how many.
    @discardableResult
    public func deleteExpiredSignups(now: Int64) throws -> Int {
        try sql.execute("DELETE FROM pending_signup WHERE expires_at <= ?", [.integer(now)])
    }

    /// Sign-ups waiting for confirmation.
    public func pendingSignupCount() throws -> Int {
        try sql.fetchValue("SELECT COUNT(*) FROM pending_signup", as: Int.self) ?? 0
    }
}
