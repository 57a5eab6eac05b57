import Core
import Foundation
import Storage
import Testing
@testable import Vault

/// A look-up that runs one statement reads without a transaction on PostgreSQL; a second statement is refused, since
/// it would read another snapshot than the first.
extension VaultStorageTests {
    @Test("A single-statement read sees committed rows, and on PostgreSQL refuses a second statement",
          arguments: Backend.available)
    func singleStatementRead(backend: Backend) async throws {
        try await withVault(backend) { vault, _ in
            let id = Self.subjectID(1)
            try await vault.write { tx in
                let rowID = try tx.insertSubject(id, record: Self.record(1), now: 1)
                try tx.addIndex(kind: .email, digest: [9, 9], rowID: rowID)
            }
            let found = try await vault.readStatement { tx in try tx.subjectIDs(withDigest: [9, 9], kind: .email) }
            #expect(found == [id])
            guard backend == .postgres else { return }
            await #expect(throws: VaultError.self) {
                _ = try await vault.readStatement { tx in
                    (try tx.subjectIDs(withDigest: [9, 9], kind: .email), try tx.subjectCount())
                }
            }
            // The connection went back to the pool usable: the next look-up answers.
            #expect(try await vault.readStatement { tx in try tx.subjectCount() } == 1)
        }
    }
}
