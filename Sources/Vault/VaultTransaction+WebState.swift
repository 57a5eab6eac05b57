import Foundation
internal import Storage

/// A one-time code of the privacy center as the vault keeps it (found by the keyed digest of its challenge token).
public struct StoredChallenge: Sendable, Equatable {
    /// The keyed digest of the code, bound to its challenge.
    public var codeDigest: [UInt8]
    /// The pseudonym of the person it was sent to; nil until the background lookup has found them (or for ever,
    /// for a visitor who named nobody).
    public var subject: String?
    public var attemptsLeft: Int
    /// Unix seconds.
    public var expiresAt: Int64

    public init(codeDigest: [UInt8], subject: String?, attemptsLeft: Int, expiresAt: Int64) {
        self.codeDigest = codeDigest
        self.subject = subject
        self.attemptsLeft = attemptsLeft
        self.expiresAt = expiresAt
    }
}

/// A signed-in session of the console or the privacy center as the vault keeps it.
public struct StoredWebSession: Sendable, Equatable {
    /// The privacy center's person (pseudonym), for a privacy-center session.
    public var subject: String?
    /// The SHA-256 of the console's API token, for a console session.
    public var tokenHash: [UInt8]?
    /// Unix seconds.
    public var expiresAt: Int64

    public init(subject: String?, tokenHash: [UInt8]?, expiresAt: Int64) {
        self.subject = subject
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}

/// What a one-time download link of the privacy center gives, as the vault keeps it.
public struct StoredLink: Sendable, Equatable {
    /// The keyed digest of the session the link was made in.
    public var sessionDigest: [UInt8]
    public var reference: String
    public var format: String
    /// Unix seconds.
    public var expiresAt: Int64

    public init(sessionDigest: [UInt8], reference: String, format: String, expiresAt: Int64) {
        self.sessionDigest = sessionDigest
        self.reference = reference
        self.format = format
        self.expiresAt = expiresAt
    }
}

extension VaultTransaction {
    // MARK: One-time codes

    /// Keeps a new challenge.
    public func insertChallenge(digest: [UInt8], _ challenge: StoredChallenge) throws {
        try sql.execute("""
            INSERT INTO web_challenge (digest, code_digest, subject, attempts_left, expires_at) VALUES (?, ?, ?, ?, ?)
            """, [.blob(Data(digest)), .blob(Data(challenge.codeDigest)), challenge.subject.sqlValue,
                  .integer(Int64(challenge.attemptsLeft)), .integer(challenge.expiresAt)])
    }

    /// The challenge with this digest, locked until commit in a write transaction.
    public func challenge(digest: [UInt8]) throws -> StoredChallenge? {
        try sql.fetchOne("SELECT code_digest, subject, attempts_left, expires_at FROM web_challenge WHERE digest = ?"
                            + forUpdate, [.blob(Data(digest))]) { row in
            StoredChallenge(codeDigest: Array(row[0] as Data), subject: row[1], attemptsLeft: Int(row[2] as Int64),
                            expiresAt: row[3])
        }
    }

    /// Names the person of a challenge issued for nobody; false when it is gone or names someone already.
    public func assignChallenge(digest: [UInt8], to subject: String) throws -> Bool {
        try sql.execute("UPDATE web_challenge SET subject = ? WHERE digest = ? AND subject IS NULL",
                        [.text(subject), .blob(Data(digest))]) > 0
    }

    /// Sets the attempts a challenge has left.
    public func setChallengeAttempts(digest: [UInt8], left: Int) throws {
        try sql.execute("UPDATE web_challenge SET attempts_left = ? WHERE digest = ?",
                        [.integer(Int64(left)), .blob(Data(digest))])
    }

    /// Deletes the challenges expired by `cutoff` (Unix seconds, on the expiry index); returns how many.
    @discardableResult
    public func deleteChallenges(expiredBy cutoff: Int64) throws -> Int {
        try sql.execute("DELETE FROM web_challenge WHERE expires_at <= ?", [.integer(cutoff)])
    }

    /// Ends a challenge.
    public func deleteChallenge(digest: [UInt8]) throws {
        try sql.execute("DELETE FROM web_challenge WHERE digest = ?", [.blob(Data(digest))])
    }

    // MARK: Sessions and links

    /// Keeps a new session of a kind (`console`, `privacy`).
    public func insertWebSession(digest: [UInt8], kind: String, _ session: StoredWebSession) throws {
        try sql.execute("""
            INSERT INTO web_session (digest, kind, subject, token_hash, expires_at) VALUES (?, ?, ?, ?, ?)
            """, [.blob(Data(digest)), .text(kind), session.subject.sqlValue,
                  session.tokenHash.map { .blob(Data($0)) } ?? .null, .integer(session.expiresAt)])
    }

    /// The session of a kind with this digest, if it has not expired at `now`.
    public func webSession(digest: [UInt8], kind: String, now: Int64) throws -> StoredWebSession? {
        try sql.fetchOne("""
            SELECT subject, token_hash, expires_at FROM web_session WHERE digest = ? AND kind = ? AND expires_at > ?
            """, [.blob(Data(digest)), .text(kind), .integer(now)]) { row in
            StoredWebSession(subject: row[0], tokenHash: (row[1] as Data?).map(Array.init), expiresAt: row[2])
        }
    }

    /// Ends a session and voids its download links.
    public func deleteWebSession(digest: [UInt8]) throws {
        try sql.execute("DELETE FROM web_link WHERE session_digest = ?", [.blob(Data(digest))])
        try sql.execute("DELETE FROM web_session WHERE digest = ?", [.blob(Data(digest))])
    }

    /// Keeps new download links, each under the digest of its token.
    public func insertLinks(_ links: [(digest: [UInt8], link: StoredLink)]) throws {
        for (digest, link) in links {
            try sql.execute("""
                INSERT INTO web_link (digest, session_digest, reference, format, expires_at) VALUES (?, ?, ?, ?, ?)
                """, [.blob(Data(digest)), .blob(Data(link.sessionDigest)), .text(link.reference),
                      .text(link.format), .integer(link.expiresAt)])
        }
    }

    /// Removes and returns the link with this digest, whatever its state: a link works once.
    public func takeLink(digest: [UInt8]) throws -> StoredLink? {
        // Read for update: of two instances redeeming the same link at once, one gets the row.
        let link = try sql.fetchOne("""
            SELECT session_digest, reference, format, expires_at FROM web_link WHERE digest = ?
            """ + forUpdate, [.blob(Data(digest))]) { row in
            StoredLink(sessionDigest: Array(row[0] as Data), reference: row[1], format: row[2], expiresAt: row[3])
        }
        if link != nil { try sql.execute("DELETE FROM web_link WHERE digest = ?", [.blob(Data(digest))]) }
        return link
    }

    /// Voids every link made under one owner digest (a session's, or an access answer's), and returns how many.
    @discardableResult
    public func deleteLinks(sessionDigest digest: [UInt8]) throws -> Int {
        try sql.execute("DELETE FROM web_link WHERE session_digest = ?", [.blob(Data(digest))])
    }

    /// Ends every session of a kind that names `subject` (the person, or the request an answer session reads).
    @discardableResult
    public func deleteWebSessions(kind: String, subject: String) throws -> Int {
        try sql.execute("DELETE FROM web_session WHERE kind = ? AND subject = ?", [.text(kind), .text(subject)])
    }

    // MARK: Failure counters

    /// The times (Unix milliseconds, oldest first) of a key's recent failures in a scope.
    ///
    /// In a write transaction the counter's row is made if missing and locked until commit, so of two instances
    /// counting the same key at once, the second sees the first's failure.
    public func failureTimes(scope: String, digest: [UInt8]) throws -> [Int64] {
        if locksRows {
            try sql.execute("""
                INSERT INTO web_failure (scope, digest, times, expires_at) VALUES (?, ?, ?, 0)
                ON CONFLICT (scope, digest) DO NOTHING
                """, [.text(scope), .blob(Data(digest)), .blob(Data())])
        }
        let times = try sql.fetchValue("SELECT times FROM web_failure WHERE scope = ? AND digest = ?" + forUpdate,
                                       [.text(scope), .blob(Data(digest))], as: Data.self)
        return Self.decodeTimes(times ?? Data())
    }

    /// Replaces a key's recent failures; the row goes once `times` is empty, and expires at `expiresAt` (seconds).
    public func setFailureTimes(scope: String, digest: [UInt8], times: [Int64], expiresAt: Int64) throws {
        guard !times.isEmpty else {
            try sql.execute("DELETE FROM web_failure WHERE scope = ? AND digest = ?", [.text(scope), .blob(Data(digest))])
            return
        }
        try sql.execute("""
            INSERT INTO web_failure (scope, digest, times, expires_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (scope, digest) DO UPDATE SET times = excluded.times, expires_at = excluded.expires_at
            """, [.text(scope), .blob(Data(digest)), .blob(Self.encodeTimes(times)), .integer(expiresAt)])
    }

    // MARK: Expiry

    /// Deletes the codes, sessions, links and failure counters that expired before `now`; returns how many.
    @discardableResult
    public func deleteExpiredWebState(now: Int64) throws -> Int {
        var deleted = 0
        for table in ["web_challenge", "web_link", "web_session", "web_failure"] {
            deleted += try sql.execute("DELETE FROM \(table) WHERE expires_at <= ?", [.integer(now)])
        }
        return deleted
    }

    static func encodeTimes(_ times: [Int64]) -> Data {
        var data = Data(capacity: times.count * 8)
        for time in times { withUnsafeBytes(of: time.bigEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func decodeTimes(_ data: Data) -> [Int64] {
        let bytes = Array(data)
        return stride(from: 0, to: bytes.count - bytes.count % 8, by: 8).map { start in
            bytes[start..<start + 8].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        }
    }
}
