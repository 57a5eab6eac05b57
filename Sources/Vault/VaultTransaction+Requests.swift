import Foundation
internal import Storage

extension VaultTransaction {
    /// The next request number (1, 2, …) for building a reference.
    public func nextRequestNumber() throws -> Int64 {
        try sql.lockUntilCommit("request.number")
        return (try sql.fetchValue("SELECT MAX(id) FROM data_request", as: Int64.self) ?? 0) + 1
    }

    /// Stores a new request.
    public func insertRequest(_ request: StoredRequest) throws {
        try sql.execute("""
            INSERT INTO data_request (reference, state, deadline, subject, record, payload) VALUES (?, ?, ?, ?, ?, ?)
            """, [.text(request.reference), .text(request.state), .integer(request.deadline), request.subject.sqlValue,
                  .text(request.record), request.payload.sqlValue])
    }

    /// Replaces a request's state, deadline and record; the payload is kept unless `clearPayload`.
    public func updateRequest(_ request: StoredRequest, clearPayload: Bool = false) throws {
        let payload = clearPayload ? ", payload = NULL" : ""
        try sql.execute("""
            UPDATE data_request SET state = ?, deadline = ?, subject = ?, record = ?\(payload) WHERE reference = ?
            """, [.text(request.state), .integer(request.deadline), request.subject.sqlValue, .text(request.record),
                  .text(request.reference)])
    }

    /// Replaces the sealed payload of a request (an access answer's reviewed free text); `nil` clears it.
    public func setRequestPayload(reference: String, payload: [UInt8]?) throws {
        try sql.execute("UPDATE data_request SET payload = ? WHERE reference = ?",
                        [payload.sqlValue, .text(reference)])
    }

    /// The request with a reference; in a write transaction its row stays locked until commit, so two instances
    /// moving the same request take turns and neither loses the other's change.
    public func request(reference: String) throws -> StoredRequest? {
        try sql.fetchOne("SELECT * FROM data_request WHERE reference = ?" + forUpdate, [.text(reference)])
            .map(Self.request(from:))
    }

    /// Requests, open ones first by deadline; `openOnly` leaves out completed and refused ones.
    public func requests(openOnly: Bool) throws -> [StoredRequest] {
        let filter = openOnly ? "WHERE state IN ('received', 'verified', 'in_progress')" : ""
        return try sql.fetchAll("""
            SELECT * FROM data_request \(filter)
            ORDER BY CASE WHEN state IN ('received', 'verified', 'in_progress') THEN 0 ELSE 1 END, deadline, id
            """, []).map(Self.request(from:))
    }

    /// Requests about one subject.
    public func requests(subject: String) throws -> [StoredRequest] {
        try sql.fetchAll("SELECT * FROM data_request WHERE subject = ? ORDER BY id", [.text(subject)])
            .map(Self.request(from:))
    }

    static func request(from row: any SQLRowReading) -> StoredRequest {
        StoredRequest(id: row["id"], reference: row["reference"], state: row["state"], deadline: row["deadline"],
                      subject: row["subject"], record: row["record"], payload: row["payload"])
    }

    // MARK: Destruction acts

    /// Reserves the next destruction act number (1, 2, …): never given before, even after acts expire, and
    /// distinct for writers in other transactions or processes.
    ///
    /// The number comes from the `act_number` sequence (AUTOINCREMENT on SQLite, an identity column on PostgreSQL),
    /// so writers on other instances need no lock. On PostgreSQL a rolled-back reservation leaves a gap.
    public func reserveActNumber(now: Int64) throws -> Int64 {
        let number = try sql.insert("INSERT INTO act_number (reserved_at) VALUES (?)", [.integer(now)])
        // Only the sequence matters (it keeps its high-water mark); older reservations go.
        try sql.execute("DELETE FROM act_number WHERE id < ?", [.integer(number)])
        return number
    }

    /// Records where a destruction act was written, for one of its subjects (queued with the transaction's other
    /// bulk rows on PostgreSQL: an act of a purge batch names thousands).
    public func recordAct(number: String, subject: String, createdAt: Int64, file: String) throws {
        try inserts(.destructionAct).add([.text(number), .text(subject), .integer(createdAt), .text(file)])
    }

    /// Acts older than `cutoff` (Unix seconds), to remove after their 3-year retention.
    public func acts(createdBefore cutoff: Int64) throws -> [(number: String, file: String)] {
        try sql.fetchAll("SELECT DISTINCT number, file FROM destruction_act WHERE created_at < ?", [.integer(cutoff)])
            .map { ($0["number"], $0["file"]) }
    }

    /// The acts written for one subject, oldest first (an erasure writes one; a later one completes a hold).
    public func acts(subject: String) throws -> [(number: String, file: String)] {
        try sql.fetchAll("SELECT number, file FROM destruction_act WHERE subject = ? ORDER BY id", [.text(subject)])
            .map { ($0["number"], $0["file"]) }
    }

    /// Every act written since `cutoff` (Unix seconds), with the subjects it records, oldest first.
    public func acts(createdSince cutoff: Int64) throws -> [(number: String, file: String, subjects: [String])] {
        try actsWithSubjects(where: "created_at >= ?", [.integer(cutoff)])
    }

    /// The acts that record any of `subjects`, with every subject each records.
    public func acts(recording subjects: [String]) throws -> [(number: String, file: String, subjects: [String])] {
        guard !subjects.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: subjects.count).joined(separator: ", ")
        return try actsWithSubjects(
            where: "number IN (SELECT number FROM destruction_act WHERE subject IN (\(marks)))", subjects.map { .text($0) })
    }

    /// The acts whose rows match `condition`, each with the subjects it records, in the order written.
    private func actsWithSubjects(where condition: String, _ arguments: [SQLValue]) throws
        -> [(number: String, file: String, subjects: [String])]
    {
        var acts: [(number: String, file: String, subjects: [String])] = []
        for row in try sql.fetchAll("SELECT number, file, subject FROM destruction_act WHERE \(condition) ORDER BY id",
                                    arguments) {
            let number: String = row["number"]
            if let index = acts.lastIndex(where: { $0.number == number }) {
                acts[index].subjects.append(row["subject"])
            } else {
                acts.append((number, row["file"], [row["subject"]]))
            }
        }
        return acts
    }

    /// The latest act time per subject among acts written since `cutoff` (Unix seconds), in one query.
    public func actTimes(since cutoff: Int64) throws -> [String: Int64] {
        var times: [String: Int64] = [:]
        for row in try sql.fetchAll("SELECT subject, MAX(created_at) AS at FROM destruction_act WHERE created_at >= ? "
                                    + "GROUP BY subject", [.integer(cutoff)]) {
            times[row["subject"]] = row["at"]
        }
        return times
    }

    public func deleteAct(number: String) throws {
        try sql.execute("DELETE FROM destruction_act WHERE number = ?", [.text(number)])
    }

    // MARK: API tokens

    /// Stores a token by its hash (the token itself is never stored).
    public func insertToken(name: String, role: String, hash: [UInt8], createdAt: Int64, expiresAt: Int64) throws {
        try sql.execute("""
            INSERT INTO api_token (name, role, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
            """, [.text(name), .text(role), .blob(Data(hash)), .integer(createdAt), .integer(expiresAt)])
    }

    /// The name and role of a live token with this hash at `now`.
    public func token(hash: [UInt8], now: Int64) throws -> (name: String, role: String, expiresAt: Int64)? {
        try sql.fetchOne("""
            SELECT name, role, expires_at FROM api_token WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?
            """, [.blob(Data(hash)), .integer(now)]).map { ($0["name"], $0["role"], $0["expires_at"]) }
    }

    /// Revokes a token by name; returns whether one was live.
    public func revokeToken(name: String, now: Int64) throws -> Bool {
        try sql.execute("UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                        [.integer(now), .text(name)]) > 0
    }

    /// Every token's name, role, expiry and revocation (never the token).
    public func tokens() throws -> [(name: String, role: String, expiresAt: Int64, revoked: Bool)] {
        try sql.fetchAll("SELECT name, role, expires_at, revoked_at FROM api_token ORDER BY id", [])
            .map { ($0["name"], $0["role"], $0["expires_at"], ($0["revoked_at"] as Int64?) != nil) }
    }
}
