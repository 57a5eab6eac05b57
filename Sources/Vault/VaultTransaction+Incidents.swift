internal import Storage

extension VaultTransaction {
    /// The next incident number (1, 2, …) for building a reference.
    public func nextIncidentNumber() throws -> Int64 {
        try sql.lockUntilCommit("incident.number")
        return (try sql.fetchValue("SELECT MAX(id) FROM incident", as: Int64.self) ?? 0) + 1
    }

    /// Stores a new incident.
    public func insertIncident(_ incident: StoredIncident) throws {
        try sql.execute("INSERT INTO incident (reference, state, detected_at, record) VALUES (?, ?, ?, ?)",
                        [.text(incident.reference), .text(incident.state), .integer(incident.detectedAt),
                         .text(incident.record)])
    }

    /// Replaces an incident's state, detection time and record.
    public func updateIncident(_ incident: StoredIncident) throws {
        try sql.execute("UPDATE incident SET state = ?, detected_at = ?, record = ? WHERE reference = ?",
                        [.text(incident.state), .integer(incident.detectedAt), .text(incident.record),
                         .text(incident.reference)])
    }

    /// The incident with a reference.
    public func incident(reference: String) throws -> StoredIncident? {
        try sql.fetchOne("SELECT * FROM incident WHERE reference = ?", [.text(reference)]).map(Self.incident(from:))
    }

    /// Incidents, open ones first, newest detection first.
    public func incidents(openOnly: Bool) throws -> [StoredIncident] {
        let filter = openOnly ? "WHERE state = 'open'" : ""
        return try sql.fetchAll("""
            SELECT * FROM incident \(filter)
            ORDER BY CASE state WHEN 'open' THEN 0 ELSE 1 END, detected_at DESC, id DESC
            """, []).map(Self.incident(from:))
    }

    static func incident(from row: any SQLRowReading) -> StoredIncident {
        StoredIncident(reference: row["reference"], state: row["state"], detectedAt: row["detected_at"],
                       record: row["record"])
    }
}
