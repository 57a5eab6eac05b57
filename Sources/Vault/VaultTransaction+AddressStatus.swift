import Foundation
internal import Storage

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
        try sql.execute("""
            INSERT INTO address_status (subject, kind, status, reason, source, at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (subject, kind) DO UPDATE SET status = excluded.status, reason = excluded.reason,
                source = excluded.source, at = excluded.at
            """, [.text(status.subject), .text(status.kind), .text(status.status), .text(status.reason),
                  .text(status.source), .integer(status.at)])
    }

    /// The recorded status of one address, if any.
    public func addressStatus(subject: String, kind: String) throws -> AddressStatus? {
        try sql.fetchOne("SELECT * FROM address_status WHERE subject = ? AND kind = ?", [.text(subject), .text(kind)])
            .map(Self.addressStatus(from:))
    }

    /// Every recorded address status, for the data-quality report.
    public func addressStatuses() throws -> [AddressStatus] {
        try sql.fetchAll("SELECT * FROM address_status ORDER BY subject, kind", []).map(Self.addressStatus(from:))
    }

    /// Forgets the status of a person's address (a new address was given, or the person was erased).
    public func clearAddressStatus(subject: String, kind: String? = nil) throws {
        if let kind {
            try sql.execute("DELETE FROM address_status WHERE subject = ? AND kind = ?", [.text(subject), .text(kind)])
        } else {
            try sql.execute("DELETE FROM address_status WHERE subject = ?", [.text(subject)])
        }
    }

    static func addressStatus(from row: any SQLRowReading) -> AddressStatus {
        AddressStatus(subject: row["subject"], kind: row["kind"], status: row["status"], reason: row["reason"],
                      source: row["source"], at: row["at"])
    }
}
