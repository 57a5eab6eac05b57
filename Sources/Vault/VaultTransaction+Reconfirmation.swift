import Foundation
internal import GRDB

/// A request that a mailing service have a person confirm their legacy consent (double opt-in).
public struct Reconfirmation: Sendable, Equatable, Codable {
    /// The pseudonymous subject id.
    public var subject: String
    public var purpose: String
    /// The connector that was asked.
    public var connector: String
    /// When pdgate asked (Unix seconds).
    public var requestedAt: Int64
    /// When the service reported the confirmation, if it has.
    public var confirmedAt: Int64?

    public init(subject: String, purpose: String, connector: String, requestedAt: Int64, confirmedAt: Int64? = nil) {
        self.subject = subject
        self.purpose = purpose
        self.connector = connector
        self.requestedAt = requestedAt
        self.confirmedAt = confirmedAt
    }
}

extension VaultTransaction {
    /// Records (or renews) a request to reconfirm; a renewed request is unconfirmed again.
    public func recordReconfirmation(_ request: Reconfirmation) throws {
        try db.execute(sql: """
            INSERT INTO reconfirmation (subject, purpose, connector, requested_at, confirmed_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (subject, purpose, connector) DO UPDATE SET requested_at = excluded.requested_at,
                confirmed_at = excluded.confirmed_at
            """, arguments: [request.subject, request.purpose, request.connector, request.requestedAt,
                             request.confirmedAt])
    }

    /// The request to one connector for one person and purpose, if any.
    public func reconfirmation(subject: String, purpose: String, connector: String) throws -> Reconfirmation? {
        try Row.fetchOne(db, sql: "SELECT * FROM reconfirmation WHERE subject = ? AND purpose = ? AND connector = ?",
                         arguments: [subject, purpose, connector]).map(Self.reconfirmation(from:))
    }

    /// The subjects asked to reconfirm a purpose at or after a time (through any connector).
    public func subjectsAskedToReconfirm(purpose: String, since: Int64) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: """
            SELECT DISTINCT subject FROM reconfirmation WHERE purpose = ? AND requested_at >= ?
            """, arguments: [purpose, since]))
    }

    /// Records that the service reported the confirmation.
    public func markReconfirmed(subject: String, purpose: String, connector: String, at: Int64) throws {
        try db.execute(sql: """
            UPDATE reconfirmation SET confirmed_at = ? WHERE subject = ? AND purpose = ? AND connector = ?
            """, arguments: [at, subject, purpose, connector])
    }

    /// Forgets a person's requests (erasure, or the other subject of a merge).
    public func deleteReconfirmations(subject: String) throws {
        try db.cachedStatement(sql: "DELETE FROM reconfirmation WHERE subject = ?").execute(arguments: [subject])
    }

    static func reconfirmation(from row: Row) -> Reconfirmation {
        Reconfirmation(subject: row["subject"], purpose: row["purpose"], connector: row["connector"],
                       requestedAt: row["requested_at"], confirmedAt: row["confirmed_at"])
    }
}
