import Keyring
import Vault

/// Every subject of the vault in row order, one read transaction per batch: for scans that must not hold the whole
/// vault in memory (exports, the data-quality report, the consistency check).
struct SubjectBatches: AsyncSequence {
    typealias Element = [StoredSubject]

    let vault: Vault
    let size: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let vault: Vault
        let size: Int
        var after: Int64 = 0
        var finished = false

        mutating func next() async throws -> [StoredSubject]? {
            guard !finished else { return nil }
            let start = after
            let size = self.size
            let batch = try await vault.read { tx in try tx.subjects(after: start, limit: size) }
            guard let last = batch.last else {
                finished = true
                return nil
            }
            after = last.rowID
            return batch
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(vault: vault, size: size) }
}

extension Gateway {
    /// Every subject in row order, `size` per read transaction.
    func subjectBatches(size: Int = 1_000) -> SubjectBatches { SubjectBatches(vault: vault, size: size) }
}
