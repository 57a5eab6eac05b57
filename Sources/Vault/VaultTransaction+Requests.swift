import Foundation
internal import GRDB

extension VaultTransaction {
    /// The next request number (1, 2, …) for building a reference.
    public func nextRequestNumber() throws -> Int64 {
        (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM data_request") ?? 0) + 1
    }

    /// Stores a new request.
    public func insertRequest(_ request: StoredRequest) throws {
        try db.execute(sql: """
            INSERT INTO data_request (reference, state, deadline, subject, record, payload) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [request.reference, request.state, request.deadline, request.subject, request.record,
                             request.payload.map { Data($0) }])
    }

    /// Replaces a request's state, deadline and record; the payload is kept unless `clearPayload`.
    public func updateRequest(_ request: StoredRequest, clearPayload: Bool = false) throws {
        try db.execute(sql: """
            UPDATE data_request SET state = ?, deadline = ?, subject = ?, record = ?,
                payload = CASE WHEN ? THEN NULL ELSE payload END
            WHERE reference = ?
            """, arguments: [request.state, request.deadline, request.subject, request.record, clearPayload,
                             request.reference])
    }

    /// The request with a reference.
    public func request(reference: String) throws -> StoredRequest? {
        try Row.fetchOne(db, sql: "SELECT * FROM data_request WHERE reference = ?", arguments: [reference])
            .map(Self.request(from:))
    }

    /// Requests, open ones first by deadline; `openOnly` leaves out completed and refused ones.
    public func requests(openOnly: Bool) throws -> [StoredRequest] {
        let filter = openOnly ? "WHERE state IN ('received', 'verified', 'in_progress')" : ""
        return try Row.fetchAll(db, sql: """
            SELECT * FROM data_request \(filter)
            ORDER BY CASE WHEN state IN ('received', 'verified', 'in_progress') THEN 0 ELSE 1 END, deadline, id
            """).map(Self.request(from:))
    }

    /// Requests about one subject.
    public func requests(subject: String) throws -> [StoredRequest] {
        try Row.fetchAll(db, sql: "SELECT * FROM data_request WHERE subject = ? ORDER BY id", arguments: [subject])
            .map(Self.request(from:))
    }

    static func request(from row: Row) -> StoredRequest {
        StoredRequest(id: row["id"], reference: row["reference"], state: row["state"], deadline: row["deadline"],
                      subject: row["subject"], record: row["record"], payload: (row["payload"] as Data?).map(Array.init))
    }

    // MARK: Destruction acts

    /// Reserves the next destruction act number (1, 2, …): never given before, even after acts expire, and
    /// distinct for writers in other transactions or processes.
    public func reserveActNumber(now: Int64) throws -> Int64 {
        try db.execute(sql: "INSERT INTO act_number (reserved_at) VALUES (?)", arguments: [now])
        let number = db.lastInsertedRowID
        // Only the sequence matters (AUTOINCREMENT keeps its high-water mark); older reservations go.
        try db.execute(sql: "DELETE FROM act_number WHERE id < ?", arguments: [number])
        return number
    }

    /// Records where a destruction act was written, for one of its subjects.
    public func recordAct(number: String, subject: String, createdAt: Int64, file: String) throws {
        try db.cachedStatement(sql: "INSERT INTO destruction_act (number, subject, created_at, file) VALUES (?, ?, ?, ?)")
            .execute(arguments: [number, subject, createdAt, file])
    }

    /// Acts older than `cutoff` (Unix seconds), to remove after their 3-year retention.
    public func acts(createdBefore cutoff: Int64) throws -> [(number: String, file: String)] {
        try Row.fetchAll(db, sql: "SELECT DISTINCT number, file FROM destruction_act WHERE created_at < ?",
                         arguments: [cutoff])
            .map { ($0["number"], $0["file"]) }
    }

    public func deleteAct(number: String) throws {
        try db.execute(sql: "DELETE FROM destruction_act WHERE number = ?", arguments: [number])
    }

    // MARK: API tokens

    /// Stores a token by its hash (the token itself is never stored).
    public func insertToken(name: String, role: String, hash: [UInt8], createdAt: Int64, expiresAt: Int64) throws {
        try db.execute(sql: """
            INSERT INTO api_token (name, role, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
            """, arguments: [name, role, Data(hash), createdAt, expiresAt])
    }

    /// The name and role of a live token with this hash at `now`.
    public func token(hash: [UInt8], now: Int64) throws -> (name: String, role: String, expiresAt: Int64)? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT name, role, expires_at FROM api_token WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?
            """), arguments: [Data(hash), now]).map { ($0[0], $0[1], $0[2]) }
    }

    /// Revokes a token by name; returns whether one was live.
    public func revokeToken(name: String, now: Int64) throws -> Bool {
        try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                       arguments: [now, name])
        return db.changesCount > 0
    }

    /// Every token's name, role, expiry and revocation (never the token).
    public func tokens() throws -> [(name: String, role: String, expiresAt: Int64, revoked: Bool)] {
        try Row.fetchAll(db, sql: "SELECT name, role, expires_at, revoked_at FROM api_token ORDER BY id")
            .map { ($0["name"], $0["role"], $0["expires_at"], ($0["revoked_at"] as Int64?) != nil) }
    }
}
