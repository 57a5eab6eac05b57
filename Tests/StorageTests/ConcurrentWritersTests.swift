import Core
import Foundation
import Keyring
import PDGateTesting
import Storage
import Testing
@testable import Audit
@testable import Vault

/// Two vaults on one PostgreSQL database stand for two gateway processes: separate connections, no shared memory.
@Suite("Several writers on one PostgreSQL vault", .enabled(if: Backend.available.contains(.postgres),
                   "no PostgreSQL server (make postgres-deps)"))
struct ConcurrentWritersTests {
    let folder: URL
    let first: Vault
    let second: Vault
    let keyring: Keyring

    init() throws {
        folder = try Backend.makeFolder()
        let (vault, keys) = try Backend.postgres.makeLocations(in: folder)
        try MasterKey.create(at: folder.appendingPathComponent("master.key"))
        keyring = try Keyring(masterKeyURL: folder.appendingPathComponent("master.key"), keyStore: keys)
        first = try Vault(location: vault)
        second = try Vault(location: vault)
    }

    @Test("Audit appends from two instances form one verifiable chain")
    func auditChainStaysOne() async throws {
        let log = AuditLog(signer: keyring.signer, checkpointInterval: 25)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (n, vault) in [first, second].enumerated() {
                for i in 0..<60 {
                    group.addTask {
                        _ = try await vault.write { tx in
                            try log.append(AuditEntry(at: Int64(i), principal: "instance-\(n)", role: "support",
                                                      action: AuditAction("subject.read"), detail: "n=\(n) i=\(i)"), in: tx)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let result = try await first.read { tx in try log.verify(in: tx) }
        #expect(result.isValid, "\(result.problem ?? "")")
        #expect(result.entries == 120)
    }

    @Test("Dispatchers of two instances never claim the same event")
    func outboxClaimsAreDisjoint() async throws {
        let rows = (0..<300).map { i in
            OutboxRow(eventID: "e\(i)", connector: "webhook", operation: "upsert", subject: "sub_\(i % 100)",
                      purpose: "marketing_email", idempotencyKey: "k\(i)", nextAttemptAt: 0, createdAt: Double(i),
                      payload: nil)
        }
        _ = try await first.write { tx in try tx.enqueueOutbox(rows) }
        let claims = try await withThrowingTaskGroup(of: [String].self) { group in
            for (n, vault) in [first, second, first, second].enumerated() {
                group.addTask {
                    var mine: [String] = []
                    while true {
                        let batch = try await vault.write { tx in
                            try tx.claimOutbox(connector: "webhook", limit: 7, owner: "d\(n)", now: 1, leaseUntil: 1e12)
                        }
                        if batch.isEmpty {
                            let left = try await vault.read { tx in try tx.outboxCounts(now: 1)["webhook"]?.pending }
                            if (left ?? 0) == 0 { break }
                            try await Task.sleep(for: .milliseconds(2))
                            continue
                        }
                        try await vault.write { tx in
                            for event in batch { try tx.completeOutbox(event.eventID, result: "ok", at: 2) }
                        }
                        mine += batch.map(\.eventID)
                    }
                    return mine
                }
            }
            var all: [[String]] = []
            for try await claim in group { all.append(claim) }
            return all
        }
        let flat = claims.flatMap { $0 }
        #expect(flat.count == 300, "every event delivered once")
        #expect(Set(flat).count == 300, "none delivered twice")
        #expect(claims.filter { !$0.isEmpty }.count >= 2, "both instances took part")
    }

    @Test("Concurrent changes to one request lose nothing")
    func requestUpdatesAreSerialised() async throws {
        try await first.write { tx in
            try tx.insertRequest(StoredRequest(reference: "R-1", state: "received", deadline: 0, subject: nil,
                                               record: "0"))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for vault in [first, second] {
                for _ in 0..<25 {
                    group.addTask {
                        try await vault.write { tx in
                            var request = try #require(try tx.request(reference: "R-1"))
                            request.record = String((Int(request.record) ?? 0) + 1)
                            try tx.updateRequest(request)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let record = try await first.read { tx in try tx.request(reference: "R-1")?.record }
        #expect(record == "50")
    }

    @Test("Request numbers are unique across instances")
    func requestNumbersAreUnique() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for vault in [first, second] {
                for _ in 0..<20 {
                    group.addTask {
                        try await vault.write { tx in
                            let number = try tx.nextRequestNumber()
                            try tx.insertRequest(StoredRequest(reference: "R-\(number)", state: "received", deadline: 0,
                                                               subject: nil, record: "{}"))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let count = try await first.read { tx in try tx.requests(openOnly: false).count }
        #expect(count == 40)
    }

    @Test("Act numbers are unique across instances")
    func actNumbersAreUnique() async throws {
        let numbers = try await withThrowingTaskGroup(of: Int64.self) { group in
            for vault in [first, second] {
                for _ in 0..<20 {
                    group.addTask { try await vault.write { tx in try tx.reserveActNumber(now: 1) } }
                }
            }
            return try await group.reduce(into: [Int64]()) { $0.append($1) }
        }
        #expect(Set(numbers) == Set(1...40))
    }

    @Test("A job runs in one instance at a time")
    func jobLockIsExclusive() async throws {
        let second = self.second
        let outcome = try await first.runExclusively(job: "purge") {
            try await second.runExclusively(job: "purge") { "ran twice" } ?? "skipped"
        }
        #expect(outcome == "skipped")
        let after = try await second.runExclusively(job: "purge") { "ran" }
        #expect(after == "ran", "the lock is released when the job ends")
    }
}
