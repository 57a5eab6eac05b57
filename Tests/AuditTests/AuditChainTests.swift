import Core
import Foundation
import Storage
import Testing
@testable import Audit
@testable import Keyring
@_spi(Testing) @testable import Vault

@Suite("Audit hash chain")
struct AuditChainTests {
    let vault: Vault
    let log: AuditLog

    init() throws {
        let fixture = try AuditTestVault("pdgate-audit")
        vault = fixture.vault
        log = fixture.log
    }

    /// Ten entries, checkpoints every four and at the end.
    func fill() async throws {
        let log = self.log
        try await vault.write { tx in
            for i in 1...10 {
                try log.append(AuditEntry(at: Int64(1_000 + i), principal: "cli:officer", role: "privacy_officer",
                                          action: AuditAction("subject.read"), subject: "sub_\(i)", fields: ["email", "phone"]),
                               in: tx)
            }
            try log.checkpoint(in: tx, now: 2_000)
        }
    }

    func verify() async throws -> AuditVerification {
        let log = self.log
        return try await vault.read { tx in try log.verify(in: tx) }
    }

    func tamper(_ sql: String) async throws {
        try await vault.write { tx in
            for statement in sql.split(separator: ";") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                try tx.executor.execute(String(statement))
            }
        }
    }

    @Test("An untouched log verifies")
    func intact() async throws {
        try await fill()
        let result = try await verify()
        #expect(result.isValid)
        #expect(result.entries == 10)
        #expect(result.checkpoints == 3)
    }

    @Test("An edited entry is detected at that entry")
    func edited() async throws {
        try await fill()
        try await tamper("UPDATE audit_log SET fields = 'email' WHERE seq = 5")
        let result = try await verify()
        #expect(result.firstBadSeq == 5)
        #expect(result.problem?.contains("altered") == true)
    }

    @Test("An edited entry with recomputed hashes is caught by the signed checkpoint")
    func editedAndRechained() async throws {
        try await fill()
        // Rewrite entry 9 and every hash after it, as an attacker without the signing key would.
        let log = self.log
        try await vault.write { tx in
            try tx.executor.execute("UPDATE audit_log SET principal = 'someone-else' WHERE seq = 9")
            var previous = try #require(try tx.auditRecords(after: 7, limit: 1).first).hash
            for seq in 9...10 {
                let row = try #require(try tx.auditRecords(after: Int64(seq - 1), limit: 1).first)
                let entry = AuditLog.entry(from: row)
                let hash = AuditLog.chainHash(previous: previous, entry: entry, seq: Int64(seq))
                try tx.executor.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                                        [.blob(Data(previous)), .blob(Data(hash)), .integer(Int64(seq))])
                previous = hash
            }
            _ = log
        }
        let result = try await verify()
        #expect(!result.isValid)
        #expect(result.firstBadSeq == 10)
    }

    @Test("A deleted entry is detected where the chain jumps")
    func deleted() async throws {
        try await fill()
        try await tamper("DELETE FROM audit_log WHERE seq = 3")
        let result = try await verify()
        #expect(result.firstBadSeq == 4)
        #expect(result.problem?.contains("missing") == true)
    }

    @Test("Reordered entries are detected")
    func reordered() async throws {
        try await fill()
        try await tamper("""
            UPDATE audit_log SET seq = -6 WHERE seq = 6; UPDATE audit_log SET seq = 6 WHERE seq = 7;
            UPDATE audit_log SET seq = 7 WHERE seq = -6;
            """)
        let result = try await verify()
        #expect(result.firstBadSeq == 6)
    }

    @Test("An inserted entry is detected")
    func inserted() async throws {
        try await fill()
        try await tamper("""
            UPDATE audit_log SET seq = seq + 100 WHERE seq > 5; UPDATE audit_log SET seq = seq - 99 WHERE seq > 100;
            INSERT INTO audit_log (seq, at, principal, role, action, fields, outcome, prev_hash, hash)
            SELECT 6, 1500, 'forger', 'privacy_officer', 'subject.read', '', 'ok', hash, hash FROM audit_log WHERE seq = 5;
            """)
        let result = try await verify()
        #expect(result.firstBadSeq == 6)
    }

    @Test("A truncated tail is caught by the last signed checkpoint")
    func truncated() async throws {
        try await fill()
        try await tamper("DELETE FROM audit_log WHERE seq = 10")
        let result = try await verify()
        #expect(result.firstBadSeq == 10)
        #expect(result.problem?.contains("deleted") == true)
    }

    @Test("A checkpoint with a forged signature is detected")
    func forgedSignature() async throws {
        try await fill()
        try await tamper("UPDATE audit_checkpoint SET signature = zeroblob(64) WHERE seq = 8")
        let result = try await verify()
        #expect(result.firstBadSeq == 8)
        #expect(result.problem?.contains("signature") == true)
    }

    @Test("Entries of one subject are extracted in order")
    func extract() async throws {
        try await fill()
        let log = self.log
        let subject = try #require(SubjectID("sub_" + String(repeating: "A", count: 26)))
        try await vault.write { tx in
            try log.append(AuditEntry(at: 3_000, principal: "p", role: "r", action: AuditAction("subject.read"),
                                      subject: subject.rawValue, fields: ["email"]), in: tx)
            try log.append(AuditEntry(at: 3_001, principal: "p", role: "r", action: AuditAction("subject.erase"),
                                      subject: subject.rawValue), in: tx)
        }
        let entries = try await vault.read { tx in try log.entries(subject: subject, in: tx) }
        #expect(entries.map(\.action) == ["subject.read", "subject.erase"])
        #expect(entries[0].fields == ["email"])
    }
}
