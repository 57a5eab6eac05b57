import Keyring

/// Subject keys created ahead in batches for an import, committed to the key store before any vault row uses them.
///
/// Keys a run did not use (or every key, when the run rolls back) are destroyed at the end; a crash leaves them
/// as orphans that ``Gateway/recover()`` sweeps.
final class KeyPool {
    private let keyring: Keyring
    private let batchSize: Int
    private var available: [SubjectKey] = []
    private(set) var created: [SubjectID] = []
    private(set) var used: Set<SubjectID> = []

    init(keyring: Keyring, batchSize: Int = 1_000) {
        self.keyring = keyring
        self.batchSize = batchSize
    }

    /// A fresh key for a new subject.
    func next() throws -> SubjectKey {
        if available.isEmpty {
            let ids = (0..<batchSize).map { _ in SubjectID.generate() }
            let keys = try keyring.createSubjectKeys(for: ids)
            created.append(contentsOf: ids)
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
