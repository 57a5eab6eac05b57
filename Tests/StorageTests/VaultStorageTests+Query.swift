import Core
import Foundation
import Storage
import Testing
@testable import Vault

/// A one-statement look-up (``VaultQuery``) answers the same run on its own as inside a transaction, on both
/// backends.
extension VaultStorageTests {
    @Test("A look-up run on its own answers as inside a transaction",
          arguments: Backend.available)
    func lookUpOnItsOwn(backend: Backend) async throws {
        try await withVault(backend) { vault, _ in
            let ids = (1...3).map(Self.subjectID)
            try await vault.write { tx in
                for id in ids {
                    let rowID = try tx.insertSubject(id, record: Self.record(1), now: 1)
                    try tx.addIndex(kind: .email, digest: [7, 7], rowID: rowID)
                }
            }
            let query = VaultQuery<[SubjectID]>.subjectIDs(withDigest: [7, 7], kind: .email)
            #expect(try await vault.run(query) == ids, "oldest first")
            #expect(try await vault.read { tx in try tx.run(query) } == ids)
            #expect(try await vault.run(.subjectIDs(withDigest: [7, 7], kind: .phone)).isEmpty)

            // Inside a transaction its own rows count; on its own, once they are committed.
            let extra = Self.subjectID(4)
            let seenDuringWrite = try await vault.write { tx -> [SubjectID] in
                let rowID = try tx.insertSubject(extra, record: Self.record(1), now: 2)
                try tx.addIndex(kind: .email, digest: [7, 7], rowID: rowID)
                return try tx.run(query)
            }
            #expect(seenDuringWrite == ids + [extra], "inside the transaction its own rows count")
            #expect(try await vault.run(query) == ids + [extra])
        }
    }
}
