import Foundation
internal import Storage

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
        try sql.execute("""
            INSERT INTO reconfirmation (subject, purpose, connector, requested_at, confirmed_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (subject, purpose, connector) DO UPDATE SET requested_at = excluded.requested_at,
                confirmed_at = excluded.confirmed_at
            """, [.text(request.subject), .text(request.purpose), .text(request.connector),
                  .integer(request.requestedAt), request.confirmedAt.sqlValue])
    }

    /// The request to one connector for one person and purpose, if any.
    public func reconfirmation(subject: String, purpose: String, connector: String) throws -> Reconfirmation? {
        try sql.fetchOne("SELECT * FROM reconfirmation WHERE subject = ? AND purpose = ? AND connector = ?",
                         [.text(subject), .text(purpose), .text(connector)]).map(Self.reconfirmation(from:))
    }

    /// The subjects asked to reconfirm a purpose at or after a time (through any connector).
    public func subjectsAskedToReconfirm(purpose: String, since: Int64) throws -> Set<String> {
        Set(try sql.fetchColumn("""
            SELECT DISTINCT subject FROM reconfirmation WHERE purpose = ? AND requested_at >= ?
            """, [.text(purpose), .integer(since)], as: String.self))
    }

    /// Records that the service reported the confirmation.
    public func markReconfirmed(subject: String, purpose: String, connector: String, at: Int64) throws {
        try sql.execute("""
            UPDATE reconfirmation SET confirmed_at = ? WHERE subject = ? AND purpose = ? AND connector = ?
            """, [.integer(at), .text(subject), .text(purpose), .text(connector)])
    }

    /// Forgets a person's requests (erasure, or the other subject of a merge).
    public func deleteReconfirmations(subject: String) throws {
        try sql.execute("DELETE FROM reconfirmation WHERE subject = ?", [.text(subject)])
    }

    static func reconfirmation(from row: any SQLRowReading) -> Reconfirmation {
        Reconfirmation(subject: row["subject"], purpose: row["purpose"], connector: row["connector"],
                       requestedAt: row["requested_at"], confirmedAt: row["confirmed_at"])
    }
}
