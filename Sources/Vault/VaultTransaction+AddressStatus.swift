import Foundation
internal import GRDB

/// What a service reported about one of a person's addresses.
public struct AddressStatus: Sendable, Equatable, Codable {
    /// The pseudonymous subject id.
    public var subject: String
    /// `email` or `phone`.
    public var kind: String
    /// `invalid` for now (a hard bounce, an address the service cleaned).
    public var status: String
    /// The service's reason (`hard`, `cleaned`, …), never free text from the person.
    public var reason: String
    /// Which connector said so.
    public var source: String
    /// When the service saw it (Unix seconds).
    public var at: Int64

    public init(subject: String, kind: String, status: String, reason: String, source: String, at: Int64) {
        self.subject = subject
        self.kind = kind
        self.status = status
        self.reason = reason
        self.source = source
        self.at = at
    }
}

extension VaultTransaction {
    /// Records (or replaces) the status of a person's address.
    public func markAddress(_ status: AddressStatus) throws {
        try db.execute(sql: """
            INSERT INTO address_status (subject, kind, status, reason, source, at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (subject, kind) DO UPDATE SET status = excluded.status, reason = excluded.reason,
                source = excluded.source, at = excluded.at
            """, arguments: [status.subject, status.kind, status.status, status.reason, status.source, status.at])
    }

    /// The recorded status of one address, if any.
    public func addressStatus(subject: String, kind: String) throws -> AddressStatus? {
        try Row.fetchOne(db, sql: "SELECT * FROM address_status WHERE subject = ? AND kind = ?",
                         arguments: [subject, kind]).map(Self.addressStatus(from:))
    }

    /// Every recorded address status, for the data-quality report.
    public func addressStatuses() throws -> [AddressStatus] {
        try Row.fetchAll(db, sql: "SELECT * FROM address_status ORDER BY subject, kind").map(Self.addressStatus(from:))
    }

    /// Forgets the status of a person's address (a new address was given, or the person was erased).
    public func clearAddressStatus(subject: String, kind: String? = nil) throws {
        if let kind {
            try db.execute(sql: "DELETE FROM address_status WHERE subject = ? AND kind = ?", arguments: [subject, kind])
        } else {
            try db.cachedStatement(sql: "DELETE FROM address_status WHERE subject = ?").execute(arguments: [subject])
        }
    }

    static func addressStatus(from row: Row) -> AddressStatus {
        AddressStatus(subject: row["subject"], kind: row["kind"], status: row["status"], reason: row["reason"],
                      source: row["source"], at: row["at"])
    }
}
