import Gateway
import Core
import Dispatch
import Foundation
import Keyring

/// Subject keys created ahead in batches for an import, committed to the key store before any vault row uses them.
///
/// The threads that prepare rows reserve a key for every row (``reserve()``); the writer marks the ones that became
/// subjects (``markUsed(_:)``). When half a batch is left, the next batch is created on a thread of its own while
/// the rows go on taking keys, so no row waits for the key store's commit. Keys a run did not use (or every key,
/// when the run rolls back) are destroyed at the end; a crash leaves them as orphans that ``Gateway/recover()``
/// sweeps.
final class KeyPool: @unchecked Sendable {
    // @unchecked: every stored variable below is read and written only while `condition` is locked.
    private let condition = NSCondition()
    /// Keys ready to hand out, the next one last.
    private var available: [SubjectKey] = []
    private var created: [SubjectID] = []
    private var used: Set<SubjectID> = []
    private var batchSize: Int
    private var refilling = false
    private var refillError: (any Error)?

    private let keyring: Keyring
    private let maximumBatch: Int
    private let refills = DispatchQueue(label: "pdgate.import.keys")

    /// - Parameters:
    ///   - batchSize: Keys created by the first refill; each refill doubles it up to `maximumBatch`, so a large
    ///     import pays for few durable commits of the key store and a small one wastes few keys.
    init(keyring: Keyring, batchSize: Int = 256, maximumBatch: Int = 16_384) {
        self.keyring = keyring
        self.maximumBatch = maximumBatch
        self.batchSize = batchSize
    }

    /// A fresh key, reserved for a row that may become a new subject.
    ///
    /// - Throws: ``KeyringError`` when the key store could not take a batch of new keys.
    func reserve() throws -> SubjectKey {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if available.count <= batchSize / 4, !refilling, refillError == nil { startRefill() }
            if let key = available.popLast() { return key }
            if let refillError { throw refillError }
            condition.wait()
        }
    }

    /// Records that a reserved key now belongs to a stored subject.
    func markUsed(_ subject: SubjectID) {
        condition.lock()
        used.insert(subject)
        condition.unlock()
    }

    /// Every key the pool created (after any refill under way has finished).
    var allCreated: [SubjectID] {
        settled { created }
    }

    /// Keys created but never given to a subject (after any refill under way has finished).
    var unused: [SubjectID] {
        settled { created.filter { !used.contains($0) } }
    }

    // MARK: Refills

    /// Creates the next batch on the refill queue; called with `condition` locked.
    private func startRefill() {
        refilling = true
        let count = batchSize
        batchSize = min(batchSize * 2, maximumBatch)
        refills.async { [self] in
            let ids = (0..<count).map { _ in SubjectID.generate() }
            let outcome = Result { try keyring.createSubjectKeys(for: ids) }
            condition.lock()
            defer {
                refilling = false
                condition.broadcast()
                condition.unlock()
            }
            switch outcome {
            case .success(let keys):
                created.append(contentsOf: ids)
                // Handed out in generation order, after the keys still waiting, so subject ids stay time-ordered.
                available = ids.reversed().compactMap { keys[$0] } + available
            case .failure(let error):
                refillError = error
            }
        }
    }

    /// `body`'s value once no refill is under way, so every key created is counted.
    private func settled<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        while refilling { condition.wait() }
        return body()
    }
}
