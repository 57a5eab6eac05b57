internal import GRDB

extension VaultTransaction {
    /// The next incident number (1, 2, …) for building a reference.
    public func nextIncidentNumber() throws -> Int64 {
        (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM incident") ?? 0) + 1
    }

    /// Stores a new incident.
    public func insertIncident(_ incident: StoredIncident) throws {
        try db.execute(sql: "INSERT INTO incident (reference, state, detected_at, record) VALUES (?, ?, ?, ?)",
                       arguments: [incident.reference, incident.state, incident.detectedAt, incident.record])
    }

    /// Replaces an incident's state, detection time and record.
    public func updateIncident(_ incident: StoredIncident) throws {
        try db.execute(sql: "UPDATE incident SET state = ?, detected_at = ?, record = ? WHERE reference = ?",
                       arguments: [incident.state, incident.detectedAt, incident.record, incident.reference])
    }

    /// The incident with a reference.
    public func incident(reference: String) throws -> StoredIncident? {
        try Row.fetchOne(db, sql: "SELECT * FROM incident WHERE reference = ?", arguments: [reference])
            .map(Self.incident(from:))
    }

    /// Incidents, open ones first, newest detection first.
    public func incidents(openOnly: Bool) throws -> [StoredIncident] {
        let filter = openOnly ? "WHERE state = 'open'" : ""
        return try Row.fetchAll(db, sql: """
            SELECT * FROM incident \(filter)
            ORDER BY CASE state WHEN 'open' THEN 0 ELSE 1 END, detected_at DESC, id DESC
            """).map(Self.incident(from:))
    }

    static func incident(from row: Row) -> StoredIncident {
        StoredIncident(reference: row["reference"], state: row["state"], detectedAt: row["detected_at"],
                       record: row["record"])
    }
}
