import Keyring

/// Subject keys created ahead in batches for an import, committed to the key store before any vault row uses them.
///
/// Keys a run did not use (or every key, when the run rolls back) are destroyed at the end; a crash leaves them
/// as orphans that ``Gateway/recover()`` sweeps.
final class KeyPool {
    private let keyring: Keyring
    private var batchSize: Int
    private let maximumBatch: Int
    private var available: [SubjectKey] = []
    private(set) var created: [SubjectID] = []
    private(set) var used: Set<SubjectID> = []

    /// - Parameters:
    ///   - batchSize: Keys created by the first refill; each refill doubles it up to `maximumBatch`, so a large
    ///     import pays for few durable commits of the key store and a small one wastes few keys.
    init(keyring: Keyring, batchSize: Int = 256, maximumBatch: Int = 16_384) {
        self.keyring = keyring
        self.batchSize = batchSize
        self.maximumBatch = maximumBatch
    }

    /// A fresh key for a new subject.
    func next() throws -> SubjectKey {
        if available.isEmpty {
            let ids = (0..<batchSize).map { _ in SubjectID.generate() }
            let keys = try keyring.createSubjectKeys(for: ids)
            created.append(contentsOf: ids)
            batchSize = min(batchSize * 2, maximumBatch)
            // Hand out in generation order so subject ids stay time-ordered in the vault.
            available = ids.reversed().compactMap { keys[$0] }
        }
        let key = available.removeLast()
        used.insert(key.subject)
        return key
    }

    /// Keys created but never given to a subject.
    var unused: [SubjectID] { created.filter { !used.contains($0) } }
}
