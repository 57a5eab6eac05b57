public import Core
public import Keyring
public import Vault
import Foundation

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
        // The head stays locked until commit: appends from several processes take turns, one chain.
        let last = try tx.auditHead(forAppend: true)
        let seq: Int64 = (last?.seq ?? 0) + 1
        let previous: [UInt8] = last?.hash ?? Self.genesis
        let hash = Self.chainHash(previous: previous, entry: entry, seq: seq)
        try tx.insertAuditRecord(AuditRecord(
            seq: seq, at: entry.at, principal: entry.principal, role: entry.role, action: entry.action,
            purpose: entry.purpose, subject: entry.subject, fields: entry.fields.joined(separator: ","),
            outcome: entry.outcome.rawValue, detail: entry.detail, previousHash: previous, hash: hash))
        if seq % checkpointInterval == 0 {
            try checkpoint(in: tx, now: entry.at)
        }
        return seq
    }

    /// Signs the current head of the chain (no-op when it is already signed).
    public func checkpoint(in tx: VaultTransaction, now: Int64) throws {
        guard let (seq, hash) = try tx.auditHead(forAppend: true) else { return }
        // A head this transaction appended is unsigned for sure: one round trip fewer per group commit.
        if !tx.chainHead.appendedUnsigned, try tx.hasAuditCheckpoint(seq: seq) { return }
        let signature = signer.sign(Self.checkpointMessage(seq: seq, hash: hash))
        try tx.insertAuditCheckpoint(AuditCheckpointRecord(seq: seq, hash: hash, signature: signature,
                                                           publicKey: signer.publicKey, at: now))
    }

    /// Checks the whole chain and every checkpoint; reports the first bad entry.
    ///
    /// Reads the chain and the checkpoints page by page, side by side in sequence order, so memory stays flat
    /// however long the chain. A problem in the chain is reported before one in a checkpoint, then one in the index
    /// by subject through which trails are read.
    /// - Parameter trustedPublicKey: The key checkpoints must be signed with (defaults to this key ring's).
    public func verify(in tx: VaultTransaction, trustedPublicKey: [UInt8]? = nil) throws -> AuditVerification {
        let publicKey = trustedPublicKey ?? signer.publicKey
        var result = AuditVerification(entries: 0, checkpoints: 0)
        var previous = Self.genesis
        var expectedSeq: Int64 = 1
        var checkpoints = CheckpointCursor(tx: tx)
        var checkpointProblem: (seq: Int64, problem: String)?
        var signatures = SignatureBatch(publicKey: publicKey)
        var indexCheck = try tx.beginAuditSubjectIndexCheck()
        var page = try tx.auditRecords(after: 0, limit: Self.verifyPage)
        var index = 0
        while index < page.count {
            let row = page[index]
            index += 1
            if index == page.count, page.count == Self.verifyPage {
                page = try tx.auditRecords(after: row.seq, limit: Self.verifyPage)
                index = 0
            }
            let seq = row.seq
            let entry = Self.entry(from: row)
            let storedHash = row.hash
            result.entries += 1
            if seq != expectedSeq {
                return fail(&result, seq, "entry \(expectedSeq) is missing (chain jumps from \(expectedSeq - 1) to \(seq))")
            }
            if row.previousHash != previous {
                return fail(&result, seq, "entry \(seq) does not follow entry \(seq - 1) (deleted, inserted or reordered)")
            }
            if Self.chainHash(previous: previous, entry: entry, seq: seq) != storedHash {
                return fail(&result, seq, "entry \(seq) was altered after it was written")
            }
            indexCheck?.add(seq: seq, subject: row.subject)
            while let checkpoint = try checkpoints.next(atOrBefore: seq) {
                result.checkpoints += 1
                if let problem = Self.problem(with: checkpoint, chainedHash: checkpoint.seq == seq ? storedHash : nil) {
                    if checkpointProblem == nil { checkpointProblem = problem }
                } else {
                    signatures.add(seq: checkpoint.seq, message: Self.checkpointMessage(seq: checkpoint.seq,
                                                                                        hash: checkpoint.hash),
                                   signature: checkpoint.signature)
                }
            }
            previous = storedHash
            expectedSeq = seq + 1
        }
        while let checkpoint = try checkpoints.next(atOrBefore: .max) {
            result.checkpoints += 1
            if checkpointProblem == nil {
                checkpointProblem = (checkpoint.seq, "signed checkpoint at entry \(checkpoint.seq) but the log ends at "
                                        + "\(expectedSeq - 1) (entries deleted)")
            }
        }
        signatures.check()
        if let invalid = signatures.firstInvalid, invalid < checkpointProblem?.seq ?? .max {
            checkpointProblem = (invalid, "checkpoint at entry \(invalid) has an invalid signature")
        }
        if let (seq, problem) = checkpointProblem {
            return fail(&result, seq, problem)
        }
        // Trails are read through the index by subject: an index row removed or changed would hide an entry from
        // its person's trail while the chain itself still verifies.
        if let indexCheck, let (seq, problem) = try tx.finishAuditSubjectIndexCheck(indexCheck) {
            return fail(&result, seq, problem)
        }
        return result
    }

    /// What is wrong with `checkpoint` apart from its signature, given the chain's hash at its entry (nil: no entry
    /// has its number).
    private static func problem(with checkpoint: AuditCheckpointRecord, chainedHash: [UInt8]?)
        -> (seq: Int64, problem: String)?
    {
        let seq = checkpoint.seq
        guard let chainedHash else { return (seq, "signed checkpoint at entry \(seq), which the chain does not hold") }
        guard chainedHash == checkpoint.hash else { return (seq, "entry \(seq) differs from its signed checkpoint") }
        return nil
    }

    /// The trail of one subject, oldest first.
    public func entries(subject: SubjectID, in tx: VaultTransaction) throws -> [AuditEntry] {
        try tx.auditRecords(subject: subject.rawValue).map(Self.entry(from:))
    }

    /// The trails of several subjects (a destruction act's batch), one after the other in the order given, each
    /// oldest first.
    public func entries(subjects: [SubjectID], in tx: VaultTransaction) throws -> [AuditEntry] {
        let trails = try tx.auditRecords(subjects: subjects.map(\.rawValue))
        return subjects.flatMap { (trails[$0.rawValue] ?? []).map(Self.entry(from:)) }
    }

    /// The most recent entries, newest last.
    public func recent(limit: Int, in tx: VaultTransaction) throws -> [AuditEntry] {
        try tx.recentAuditRecords(limit: limit).map(Self.entry(from:))
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

    /// Links read per query while verifying, so a long chain is checked in bounded memory.
    static let verifyPage = 10_000

    static func entry(from row: AuditRecord) -> AuditEntry {
        var entry = AuditEntry(
            at: row.at, principal: row.principal, role: row.role, action: AuditAction(row.action), purpose: row.purpose,
            subject: row.subject, fields: row.fields.isEmpty ? [] : row.fields.split(separator: ",").map(String.init),
            outcome: AuditEntry.Outcome(rawValue: row.outcome) ?? .failed, detail: row.detail)
        entry.seq = row.seq
        return entry
    }
}
