import Core
import Foundation
import Storage
import Testing
@testable import Audit
@testable import Keyring
@_spi(Testing) @testable import Vault

/// Writes that arrive together commit together, yet each stands alone: one that fails leaves no trace and takes
/// no other down, and the audit chain they extend stays one verifiable chain.
@Suite("Group commit of concurrent writes")
struct GroupCommitTests {
    let vault: Vault
    let log: AuditLog

    init() throws {
        let fixture = try AuditTestVault("pdgate-group")
        vault = fixture.vault
        log = fixture.log
    }

    struct Refused: Error {}

    @Test("400 concurrent audited writes: every good one committed once, every failing one rolled back alone")
    func concurrentWritesStandAlone() async throws {
        let log = self.log
        let vault = self.vault
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<400 {
                group.addTask {
                    do {
                        let seq = try await vault.writeGrouped { tx in
                            let seq = try log.append(AuditEntry(at: 1_000, principal: "test", role: "support",
                                                                action: AuditAction("subject.find"), detail: "n=\(i)"), in: tx)
                            if i % 7 == 0 { throw Refused() }  // after writing: the savepoint must undo it
                            try log.checkpoint(in: tx, now: 1_000)
                            return seq
                        }
                        return (i, seq > 0)
                    } catch is Refused {
                        return (i, false)
                    }
                }
            }
            var outcomes: [Int: Bool] = [:]
            for try await (i, committed) in group { outcomes[i] = committed }
            return outcomes
        }
        #expect(outcomes.count == 400)
        for (i, committed) in outcomes { #expect(committed == (i % 7 != 0), "write \(i)") }
        let details = try await vault.read { tx in
            try tx.auditRecords(after: 0, limit: 10_000).compactMap(\.detail)
        }
        let expected = Set((0..<400).filter { $0 % 7 != 0 }.map { "n=\($0)" })
        #expect(details.count == expected.count, "each committed write once, no failed one")
        #expect(Set(details) == expected)
        let verification = try await vault.read { tx in try log.verify(in: tx) }
        #expect(verification.isValid)
        #expect(verification.entries == expected.count)
    }

    @Test("A grouped write is visible to a reader as soon as it returns")
    func committedOnReturn() async throws {
        let vault = self.vault
        let log = self.log
        for round in 0..<20 {
            _ = try await vault.writeGrouped { tx in
                try log.append(AuditEntry(at: 1_000, principal: "test", role: "support", action: AuditAction("subject.read"),
                                          detail: "round=\(round)"), in: tx)
            }
            let count = try await vault.read { tx in try tx.auditRecordCount() }
            #expect(count == round + 1)
        }
    }

    @Test("Each group signs the head of the chain once before it commits; a failed signature commits nothing")
    func groupsSignTheirHead() async throws {
        let fixture = try AuditTestVault("pdgate-group-sign", signsEachGroup: true)
        let vault = fixture.vault
        let log = fixture.log
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                group.addTask {
                    _ = try await vault.writeGrouped { tx in
                        try log.append(AuditEntry(at: 1_000, principal: "test", role: "support",
                                                  action: AuditAction("subject.find"), detail: "n=\(i)"), in: tx)
                    }
                }
            }
            try await group.waitForAll()
        }
        let (entries, signed, headSigned) = try await vault.read { tx in
            (try tx.executor.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) ?? 0,
             try tx.executor.fetchValue("SELECT COUNT(*) FROM audit_checkpoint", as: Int.self) ?? 0,
             try tx.executor.fetchValue("""
                SELECT EXISTS (SELECT 1 FROM audit_checkpoint WHERE seq = (SELECT MAX(seq) FROM audit_log))
                """, as: Bool.self) ?? false)
        }
        #expect(entries == 200)
        #expect(headSigned, "the last group signed the head it committed")
        #expect(signed >= 1 && signed < entries, "one signature per group, not one per write (\(signed))")
        let verification = try await vault.read { tx in try log.verify(in: tx) }
        #expect(verification.isValid && verification.checkpoints == signed)
    }

    @Test("When the step before the commit fails, every write of the group fails and none is kept")
    func failingGroupStepFailsTheBatch() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-group-fail-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let vault = try Vault(url: root.appendingPathComponent("vault.sqlite")) { _ in throw Refused() }
        let log = self.log
        var failures = 0
        for round in 0..<3 {
            do {
                _ = try await vault.writeGrouped { tx in
                    try log.append(AuditEntry(at: 1_000, principal: "test", role: "support", action: AuditAction("subject.read"),
                                              detail: "round=\(round)"), in: tx)
                }
            } catch is Refused {
                failures += 1
            }
        }
        #expect(failures == 3)
        let count = try await vault.read { tx in try tx.auditRecordCount() }
        #expect(count == 0)
    }
}
