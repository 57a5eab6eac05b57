import Core
import Foundation
@testable import Keyring
import Storage
import Testing
@testable import Vault

/// The set-based writes of an erasure batch (re-sealed records, statuses, index rows, suppressed addresses, re-keyed
/// subjects) leave the same rows on both backends as writing person by person does.
extension VaultStorageTests {
    @Test("A batch's records, statuses, index rows and suppressed addresses are written as per person",
          arguments: Backend.available)
    func batchWritesMatchPerPersonWrites(backend: Backend) async throws {
        try await withVault(backend) { vault, _ in
            let ids = (1...12).map(Self.subjectID)
            let rows = try await vault.write { tx in
                try ids.enumerated().map { number, id in
                    let rowID = try tx.insertSubject(id, record: Self.record(1), now: 1)
                    try tx.addIndex(kind: .email, digest: Self.digest(number, 1), rowID: rowID)
                    try tx.addIndex(kind: .phone, digest: Self.digest(number, 2), rowID: rowID)
                    return rowID
                }
            }
            let changed = Array(ids[..<8])
            try await vault.write { tx in
                try tx.updateSubjects(rows[..<8].map { ($0, Self.record(9)) }, now: 7)
                try tx.setStatus(.restricted, of: changed, now: 7)
                try tx.removeIndex(kind: .email, rowIDs: Array(rows[..<8]))
                // Two people who shared an address: written once, no conflict within the statement.
                try tx.suppress([("email", [1, 2, 3]), ("phone", [4, 5]), ("email", [1, 2, 3])], reason: "retention",
                                at: 7)
            }
            try await vault.read { tx throws in
                let stored = try tx.subjects(ids)
                #expect(stored.filter { $0.status == .restricted }.map(\.id) == changed)
                #expect(stored.filter { $0.record.fields.first?.box.first == 9 }.map(\.id) == changed)
                #expect(stored.filter { $0.updatedAt == 7 }.map(\.id) == changed)
                #expect(try tx.indexRowCount(of: [.email], limit: 100) == 4)
                #expect(try tx.indexRowCount(of: [.phone], limit: 100) == 12)
                #expect(try tx.suppressionReason(kind: "email", digest: [1, 2, 3]) == "retention")
                #expect(try tx.suppressionCounts() == ["retention": 2], "one row per address")
            }
        }
    }

    @Test("Staging and promoting the keys of a batch replaces each old key once, skips the erased, and is idempotent",
          arguments: Backend.available)
    func batchRekeying(backend: Backend) async throws {
        try await withVault(backend) { _, keyring in
            let ids = (1...6).map(Self.subjectID)
            let old = try keyring.createSubjectKeys(for: Array(ids[..<5]))
            let staged = try await keyring.stageSubjectKeys(for: ids)
            #expect(Set(staged.keys) == Set(ids[..<5]), "the subject without a key gets none")
            #expect(staged.values.allSatisfy { $0.version == 2 })
            let again = try await keyring.stageSubjectKeys(for: ids)
            let box = staged[ids[0]]!.seal("kept", field: "f")
            #expect(try again[ids[0]]?.open(box, field: "f") == "kept", "staging again returns the staged key")
            try await keyring.discardStagedKeys([ids[4]])
            #expect(try await keyring.promoteStagedKeys(ids) == 4)
            #expect(try await keyring.promoteStagedKeys(ids) == 0, "nothing staged is left to promote")
            let current = try await keyring.subjectKeys(for: ids)
            #expect(try current[ids[0]]?.open(box, field: "f") == "kept")
            #expect(ids[..<4].allSatisfy { current[$0]?.version == 2 })
            #expect(current[ids[4]]?.version == old[ids[4]]?.version, "a discarded staging keeps the old key")
            #expect(try await keyring.stagedSubjectKeys().isEmpty)
        }
    }
}
