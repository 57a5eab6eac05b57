import Core
import Foundation
@testable import Keyring
import Storage
import Testing
@testable import Audit
@testable import Vault

/// Bulk writes (an import's subjects and index rows, a purge's erasures and audit entries) behave the same on both
/// backends, although PostgreSQL queues their rows and sends many per statement.
extension VaultStorageTests {
    static func subjectID(_ number: Int) -> SubjectID {
        let digits = String(number)
        return SubjectID("sub_" + String(repeating: "B", count: 26 - digits.count) + digits)!
    }

    static func digest(_ number: Int, _ kind: UInt8) -> [UInt8] {
        [kind, UInt8(number & 0xFF), UInt8((number >> 8) & 0xFF), UInt8((number >> 16) & 0xFF)]
    }

    @Test("A bulk write keeps every row, gives unique ids, and reads in it see the rows before them",
          arguments: Backend.available)
    func bulkWriteKeepsOrder(backend: Backend) async throws {
        try await withVault(backend) { vault, _ in
            let first = try await vault.write { tx in try tx.insertSubject(Self.subjectID(0), record: Self.record(0), now: 1) }
            let count = 1_234
            let ids = try await vault.write { tx -> [Int64] in
                // An index row of an existing subject first: the index insert is prepared before the subject one.
                try tx.addIndex(kind: .email, digest: Self.digest(0, 1), rowID: first)
                var ids: [Int64] = []
                for number in 1...count {
                    let rowID = try tx.insertSubject(Self.subjectID(number), record: Self.record(UInt8(number % 200)),
                                                     now: 2)
                    try tx.addIndex(kind: .email, digest: Self.digest(number, 1), rowID: rowID)
                    try tx.addIndex(kind: .phone, digest: Self.digest(number, 2), rowID: rowID)
                    ids.append(rowID)
                    if number % 401 == 0 {
                        // A read in the middle of the write sees the row just added.
                        #expect(try tx.subjects(withDigest: Self.digest(number, 2), kind: .phone) == [rowID])
                        #expect(try tx.subject(rowID: rowID)?.id == Self.subjectID(number))
                    }
                }
                try tx.appendConsent(ConsentEvent(subject: Self.subjectID(count), purpose: "marketing_email",
                                                  action: .given, at: 3, channel: "import", source: "csv:bulk.csv",
                                                  provenance: .legacy, proven: false, principal: "cli:test"))
                return ids
            }
            #expect(Set(ids).count == count && !ids.contains(first))
            try await vault.read { tx throws in
                #expect(try tx.subjectCount() == count + 1)
                #expect(try tx.indexRowCount(of: [.email, .phone], limit: 10_000) == 2 * count + 1)
                for number in [1, 500, 501, 999, count] {
                    let rowID = ids[number - 1]
                    #expect(try tx.subjects(withDigest: Self.digest(number, 1), kind: .email) == [rowID])
                    #expect(try tx.subject(rowID: rowID)?.record == Self.record(UInt8(number % 200)))
                }
                #expect(try tx.subjects(withDigest: Self.digest(0, 1), kind: .email) == [first])
                #expect(try tx.consentEvents(of: Self.subjectID(count)).count == 1)
            }
        }
    }

    @Test("A failed bulk write leaves nothing behind and the next write works", arguments: Backend.available)
    func failedBulkWriteRollsBack(backend: Backend) async throws {
        struct Abandoned: Error {}
        try await withVault(backend) { vault, _ in
            await #expect(throws: Abandoned.self) {
                try await vault.write { tx in
                    for number in 1...700 {
                        let rowID = try tx.insertSubject(Self.subjectID(number), record: Self.record(1), now: 1)
                        try tx.addIndex(kind: .email, digest: Self.digest(number, 1), rowID: rowID)
                    }
                    throw Abandoned()
                }
            }
            // A duplicate pseudonym in the queue fails the whole transaction, whichever call sends it.
            await #expect(throws: (any Error).self) {
                try await vault.write { tx in
                    for number in [1, 2, 1] {
                        _ = try tx.insertSubject(Self.subjectID(number), record: Self.record(1), now: 1)
                    }
                }
            }
            #expect(try await vault.read { tx in try tx.subjectCount() } == 0)
            let rowID = try await vault.write { tx in try tx.insertSubject(Self.subjectID(1), record: Self.record(2), now: 1) }
            #expect(try await vault.read { tx in try tx.subject(rowID: rowID)?.id } == Self.subjectID(1))
        }
    }

    @Test("Erasing a batch deletes its subjects and completes their ledger entries", arguments: Backend.available)
    func batchErasure(backend: Backend) async throws {
        try await withVault(backend) { vault, _ in
            let ids = (1...30).map(Self.subjectID)
            try await vault.write { tx in
                for (number, id) in ids.enumerated() {
                    let rowID = try tx.insertSubject(id, record: Self.record(1), now: 1)
                    try tx.addIndex(kind: .email, digest: Self.digest(number, 1), rowID: rowID)
                }
                try tx.recordErasureIntent(Array(ids[..<20]), now: 5)
            }
            #expect(Set(try await vault.read { tx in try tx.pendingErasures() }) == Set(ids[..<20]))
            try await vault.write { tx in
                try tx.deleteSubjects(Array(ids[..<20]))
                try tx.completeErasures(Array(ids[..<20]), now: 6)
            }
            try await vault.read { tx throws in
                #expect(try tx.pendingErasures().isEmpty)
                #expect(try tx.allSubjectIDs() == Array(ids[20...]))
                #expect(try tx.indexRowCount(of: [.email], limit: 100) == 10)
                #expect(Set(try tx.erasedSubjects()) == Set(ids[..<20]))
            }
        }
    }

    @Test("Many audit entries in one transaction make one chain that verifies", arguments: Backend.available)
    func auditEntriesInOneTransaction(backend: Backend) async throws {
        try await withVault(backend) { vault, keyring in
            let log = AuditLog(signer: keyring.signer, checkpointInterval: 100)
            _ = try await vault.write { tx in
                try log.append(AuditEntry(at: 1, principal: "p", role: "support", action: AuditAction("subject.read")), in: tx)
            }
            let last = try await vault.write { tx -> Int64 in
                var last: Int64 = 0
                for number in 0..<250 {
                    last = try log.append(AuditEntry(at: 2, principal: "p", role: "privacy_officer",
                                                     action: AuditAction("subject.erase"), subject: "sub_\(number)"), in: tx)
                }
                try log.checkpoint(in: tx, now: 2)
                return last
            }
            #expect(last == 251)
            let result = try await vault.read { tx in try log.verify(in: tx) }
            #expect(result.isValid && result.entries == 251 && result.checkpoints == 3)
        }
    }

    @Test("Concurrent grouped writes commit in groups, a failing one alone is undone, each group signs its head",
          arguments: Backend.available)
    func groupedWrites(backend: Backend) async throws {
        struct Refused: Error {}
        let folder = try Backend.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (vaultLocation, keysLocation) = try backend.makeLocations(in: folder)
        try MasterKey.create(at: folder.appendingPathComponent("master.key"))
        let keyring = try Keyring(masterKeyURL: folder.appendingPathComponent("master.key"), keyStore: keysLocation)
        let log = AuditLog(signer: keyring.signer, checkpointInterval: 1_000_000)
        let vault = try Vault(location: vaultLocation) { tx in try log.checkpoint(in: tx, now: 1_000) }
        defer {
            try? vault.close()
            try? keyring.close()
        }
        let committed = try await withThrowingTaskGroup(of: Int?.self) { group in
            for number in 0..<240 {
                group.addTask {
                    do {
                        return try await vault.writeGrouped { tx in
                            try log.append(AuditEntry(at: 1_000, principal: "p", role: "support", action: AuditAction("subject.find"),
                                                      detail: "n=\(number)"), in: tx)
                            // After appending: the savepoint must undo the entry, and the next write in the group
                            // must not chain onto it.
                            if number % 5 == 0 { throw Refused() }
                            return number
                        }
                    } catch is Refused {
                        return nil
                    }
                }
            }
            var committed: Set<Int> = []
            for try await number in group { if let number { committed.insert(number) } }
            return committed
        }
        #expect(committed == Set((0..<240).filter { $0 % 5 != 0 }))
        let (details, signatures) = try await vault.read { tx in
            (try tx.auditRecords(after: 0, limit: 1_000).compactMap(\.detail),
             try tx.sql.fetchValue("SELECT COUNT(*) FROM audit_checkpoint", as: Int.self) ?? 0)
        }
        #expect(Set(details) == Set(committed.map { "n=\($0)" }) && details.count == committed.count)
        #expect(signatures >= 1 && signatures < committed.count, "one signature per group (\(signatures))")
        let verification = try await vault.read { tx in try log.verify(in: tx) }
        #expect(verification.isValid && verification.entries == committed.count)
    }
}
