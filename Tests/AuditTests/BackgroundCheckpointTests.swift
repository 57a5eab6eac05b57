import Core
import Foundation
import Storage
import Testing
@testable import Audit
@_spi(Testing) @testable import Vault

/// While a server runs, the log is copied back into the database file by a connection of its own, not by the
/// writer in the middle of somebody's commit.
@Suite("Background checkpoints of the vault")
struct BackgroundCheckpointTests {
    static func fileSize(_ url: URL) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
    }

    /// 2 KB audit rows, one commit each; 150 of them stay well below the 1,000 log pages that make SQLite
    /// checkpoint on its own.
    static func write(_ fixture: AuditTestVault, rounds: Range<Int>) async throws {
        let log = fixture.log
        for round in rounds {
            _ = try await fixture.vault.write { tx in
                try log.append(AuditEntry(at: 1_000, principal: "test", role: "support", action: AuditAction("subject.read"),
                                          detail: "round=\(round) " + String(repeating: "x", count: 2_000)), in: tx)
            }
        }
    }

    /// The writer connection's checkpoint threshold (a write transaction runs on the writer).
    static func writerAutocheckpoint(_ vault: Vault) async throws -> Int? {
        try await vault.write { tx in try tx.executor.fetchValue("PRAGMA wal_autocheckpoint", as: Int.self) }
    }

    @Test("Commits reach the database file without the writer checkpointing; stopping restores SQLite's own")
    func backgroundCheckpoints() async throws {
        let fixture = try AuditTestVault("pdgate-checkpoints")
        let vault = fixture.vault
        let file = try #require(vault.url)
        try await Self.write(fixture, rounds: 0..<150)
        let untouched = try Self.fileSize(file)
        #expect(untouched < 150_000, "below the threshold the writer leaves the log alone (\(untouched) bytes)")

        let checkpoints = Task { try await vault.runBackgroundCheckpoints(every: .milliseconds(50)) }
        try await Self.write(fixture, rounds: 150..<300)
        // Both phases' rows (600 KB) end up in the file although the log never reached SQLite's threshold.
        var copied = try Self.fileSize(file)
        for _ in 0..<100 where copied < 600_000 {
            try await Task.sleep(for: .milliseconds(50))
            copied = try Self.fileSize(file)
        }
        #expect(copied >= 600_000, "the background pass copied the log into the file (\(copied) bytes)")
        let writerSetting = try await Self.writerAutocheckpoint(vault)
        #expect(writerSetting == 0, "the writer leaves checkpoints to the background while it runs")

        checkpoints.cancel()
        try await checkpoints.value
        let restored = try await Self.writerAutocheckpoint(vault)
        #expect(restored == 1_000)
        let verification = try await vault.read { tx in try fixture.log.verify(in: tx) }
        #expect(verification.isValid && verification.entries == 300)
    }
}
