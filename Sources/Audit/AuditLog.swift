public import Keyring
public import Vault
import Foundation
internal import GRDB

/// The append-only, hash-chained audit log kept in the vault file.
///
/// Each entry's hash is BLAKE2b-256 over the previous hash and the entry's canonical bytes, so editing, deleting,
/// reordering or inserting an entry breaks the chain from that point. Checkpoints sign the head of the chain with
/// Ed25519 (the key is wrapped under the master key; the public key is stored with each checkpoint and exported
/// for verifiers), which also catches a truncated tail.
///
/// Append inside the same ``VaultTransaction`` as the change it records, so the two commit together.
public struct AuditLog: Sendable {
    let signer: Signer
    /// A checkpoint is signed automatically every this many entries.
    public var checkpointInterval: Int64

    static let genesis = [UInt8](repeating: 0, count: 32)

    public init(signer: Signer, checkpointInterval: Int64 = 500) {
        self.signer = signer
        self.checkpointInterval = checkpointInterval
    }

    /// Appends an entry and returns its sequence number.
    @discardableResult
    public func append(_ entry: AuditEntry, in tx: VaultTransaction) throws -> Int64 {
        let db = tx.db
        // Cached statements: every audited read appends here, so preparing the SQL each time would dominate.
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
        let seq: Int64 = (last?["seq"] as Int64? ?? 0) + 1
        let previous: [UInt8] = (last?["hash"] as Data?).map(Array.init) ?? Self.genesis
        let hash = Self.chainHash(previous: previous, entry: entry, seq: seq)
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (seq, at, principal, role, action, purpose, subject, fields, outcome, detail,
                prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [seq, entry.at, entry.principal, entry.role, entry.action, entry.purpose,
                                     entry.subject, entry.fields.joined(separator: ","), entry.outcome.rawValue,
                                     entry.detail, Data(previous), Data(hash)])
        if seq % checkpointInterval == 0 {
            try checkpoint(in: tx, now: entry.at)
        }
        return seq
    }

    /// Signs the current head of the chain (no-op when it is already signed).
    public func checkpoint(in tx: VaultTransaction, now: Int64) throws {
        let db = tx.db
        guard let head = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
        else {
            return
        }
        let seq: Int64 = head["seq"]
        let hash: Data = head["hash"]
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM audit_checkpoint WHERE seq = ?"), arguments: [seq])
            == true {
            return
        }
        let signature = signer.sign(Self.checkpointMessage(seq: seq, hash: Array(hash)))
        try db.cachedStatement(sql: "INSERT INTO audit_checkpoint (seq, hash, signature, public_key, at) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [seq, hash, Data(signature), Data(signer.publicKey), now])
    }

    /// Checks the whole chain and every checkpoint; reports the first bad entry.
    ///
    /// - Parameter trustedPublicKey: The key checkpoints must be signed with (defaults to this key ring's).
    public func verify(in tx: VaultTransaction, trustedPublicKey: [UInt8]? = nil) throws -> AuditVerification {
        let db = tx.db
        let publicKey = trustedPublicKey ?? signer.publicKey
        var result = AuditVerification(entries: 0, checkpoints: 0)
        var previous = Self.genesis
        var expectedSeq: Int64 = 1
        var hashes: [Int64: [UInt8]] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY seq")
        while let row = try cursor.next() {
            let seq: Int64 = row["seq"]
            let entry = Self.entry(from: row)
            let storedPrevious = Array(row["prev_hash"] as Data)
            let storedHash = Array(row["hash"] as Data)
            result.entries += 1
            if seq != expectedSeq {
                return fail(&result, seq, "entry \(expectedSeq) is missing (chain jumps from \(expectedSeq - 1) to \(seq))")
            }
            if storedPrevious != previous {
                return fail(&result, seq, "entry \(seq) does not follow entry \(seq - 1) (deleted, inserted or reordered)")
            }
            if Self.chainHash(previous: previous, entry: entry, seq: seq) != storedHash {
                return fail(&result, seq, "entry \(seq) was altered after it was written")
            }
            hashes[seq] = storedHash
            previous = storedHash
            expectedSeq = seq + 1
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM audit_checkpoint ORDER BY seq") {
            let seq: Int64 = row["seq"]
            let hash = Array(row["hash"] as Data)
            let signature = Array(row["signature"] as Data)
            result.checkpoints += 1
            guard let chained = hashes[seq] else {
                return fail(&result, seq, "signed checkpoint at entry \(seq) but the log ends at \(expectedSeq - 1) (entries deleted)")
            }
            guard chained == hash else {
                return fail(&result, seq, "entry \(seq) differs from its signed checkpoint")
            }
            guard Signer.verify(signature: signature, message: Self.checkpointMessage(seq: seq, hash: hash),
                                publicKey: publicKey)
            else {
                return fail(&result, seq, "checkpoint at entry \(seq) has an invalid signature")
            }
        }
        return result
    }

    /// The trail of one subject, oldest first.
    public func entries(subject: SubjectID, in tx: VaultTransaction) throws -> [AuditEntry] {
        // Cached: a destruction act reads the trail of every person in its batch.
        try Row.fetchAll(tx.db.cachedStatement(sql: "SELECT * FROM audit_log WHERE subject = ? ORDER BY seq"),
                         arguments: [subject.rawValue]).map(Self.entry(from:))
    }

    /// The most recent entries, newest last.
    public func recent(limit: Int, in tx: VaultTransaction) throws -> [AuditEntry] {
        try Row.fetchAll(tx.db, sql: "SELECT * FROM (SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?) ORDER BY seq",
                         arguments: [limit]).map(Self.entry(from:))
    }

    // MARK: Internals

    private func fail(_ result: inout AuditVerification, _ seq: Int64, _ problem: String) -> AuditVerification {
        result.firstBadSeq = seq
        result.problem = problem
        return result
    }

    static func chainHash(previous: [UInt8], entry: AuditEntry, seq: Int64) -> [UInt8] {
        Sodium.blake2b(previous + entry.canonicalBytes(seq: seq), outputLength: 32)
    }

    static func checkpointMessage(seq: Int64, hash: [UInt8]) -> [UInt8] {
        Array("pdgate.audit.checkpoint.v1\u{0}\(seq)\u{0}".utf8) + hash
    }

    static func entry(from row: Row) -> AuditEntry {
        let fields: String = row["fields"] ?? ""
        var entry = AuditEntry(
            at: row["at"], principal: row["principal"], role: row["role"], action: row["action"],
            purpose: row["purpose"], subject: row["subject"],
            fields: fields.isEmpty ? [] : fields.split(separator: ",").map(String.init),
            outcome: AuditEntry.Outcome(rawValue: row["outcome"]) ?? .failed, detail: row["detail"])
        entry.seq = row["seq"]
        return entry
    }
}
