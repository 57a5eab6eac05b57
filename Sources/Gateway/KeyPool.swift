import Keyring
import Synchronization

/// Subject keys created ahead in batches for an import, committed to the key store before any vault row uses them.
///
/// The thread that prepares rows reserves a key for every row (``reserve()``); the writer marks the ones that became
/// subjects (``markUsed(_:)``). Keys a run did not use (or every key, when the run rolls back) are destroyed at the
/// end; a crash leaves them as orphans that ``Gateway/recover()`` sweeps.
final class KeyPool: Sendable {
    private struct State {
        var batchSize: Int
        var available: [SubjectKey] = []
        var created: [SubjectID] = []
        var used: Set<SubjectID> = []
    }

    private let keyring: Keyring
    private let maximumBatch: Int
    private let state: Mutex<State>

    /// - Parameters:
    ///   - batchSize: Keys created by the first refill; each refill doubles it up to `maximumBatch`, so a large
    ///     import pays for few durable commits of the key store and a small one wastes few keys.
    init(keyring: Keyring, batchSize: Int = 256, maximumBatch: Int = 16_384) {
        self.keyring = keyring
        self.maximumBatch = maximumBatch
        state = Mutex(State(batchSize: batchSize))
    }

    /// A fresh key, reserved for a row that may become a new subject.
    func reserve() throws -> SubjectKey {
        try state.withLock { state in
            if state.available.isEmpty {
                let ids = (0..<state.batchSize).map { _ in SubjectID.generate() }
                let keys = try keyring.createSubjectKeys(for: ids)
                state.created.append(contentsOf: ids)
                state.batchSize = min(state.batchSize * 2, maximumBatch)
                // Hand out in generation order so subject ids stay time-ordered in the vault.
                state.available = ids.reversed().compactMap { keys[$0] }
            }
            return state.available.removeLast()
        }
    }

    /// A fresh key for a new subject, marked used.
    func next() throws -> SubjectKey {
        let key = try reserve()
        markUsed(key.subject)
        return key
    }

    /// Records that a reserved key now belongs to a stored subject.
    func markUsed(_ subject: SubjectID) {
        state.withLock { _ = $0.used.insert(subject) }
    }

    /// Every key the pool created.
    var created: [SubjectID] { state.withLock { $0.created } }

    /// Keys created but never given to a subject.
    var unused: [SubjectID] { state.withLock { state in state.created.filter { !state.used.contains($0) } } }
}
