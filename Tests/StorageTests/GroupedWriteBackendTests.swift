import Foundation
import Testing
import Vault

/// The group commit's promise on every backend: writes that arrive together commit together, yet each stands alone.
/// On PostgreSQL a batch first runs without savepoints and runs again with them when a write throws; the failing
/// write must still leave nothing and take no other down.
@Suite("Group commit on each backend")
struct GroupedWriteBackendTests {
    struct Refused: Error {}

    @Test("Concurrent grouped writes: the good ones committed once, each failing one rolled back alone",
          arguments: Backend.available)
    func failingWritesStandAlone(_ backend: Backend) async throws {
        let vault = try Vault(location: try backend.makeLocations(in: try Backend.makeFolder()).vault)
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<240 {
                group.addTask {
                    do {
                        let value = try await vault.writeGrouped { tx in
                            // Written first, then refused: the refusal must undo the row.
                            try tx.setFailureTimes(scope: "test", digest: Self.digest(i), times: [Int64(i + 1)],
                                                   expiresAt: 4_000_000_000)
                            if i % 7 == 0 { throw Refused() }
                            return i
                        }
                        return (value, true)
                    } catch is Refused {
                        return (i, false)
                    }
                }
            }
            var outcomes: [Int: Bool] = [:]
            for try await (i, committed) in group { outcomes[i] = committed }
            return outcomes
        }
        #expect(outcomes.count == 240)
        for (i, committed) in outcomes { #expect(committed == (i % 7 != 0), "write \(i)") }
        let stored = try await vault.read { tx in
            try (0..<240).map { try tx.failureTimes(scope: "test", digest: Self.digest($0)) }
        }
        for (i, times) in stored.enumerated() {
            #expect(times == (i % 7 == 0 ? [] : [Int64(i + 1)]), "row of write \(i)")
        }
    }

    static func digest(_ i: Int) -> [UInt8] {
        [UInt8(i % 256), UInt8(i / 256)] + [UInt8](repeating: 7, count: 30)
    }
}
