import Foundation
import Keyring
import Synchronization

/// Checkpoint signatures waiting to be checked by ``AuditLog/verify(in:trustedPublicKey:)``, checked a batch at a
/// time on every core: a busy server signs the head of every group of writes, so a year's chain holds millions of
/// checkpoints, and checking their signatures one by one was half of a verification's time.
struct SignatureBatch {
    let publicKey: [UInt8]
    private var pending: [(seq: Int64, message: [UInt8], signature: [UInt8])] = []
    /// The earliest checkpoint whose signature failed so far.
    private(set) var firstInvalid: Int64?

    /// Signatures checked together.
    static let size = 8_192

    init(publicKey: [UInt8]) {
        self.publicKey = publicKey
    }

    /// Queues one signature, checking the batch once it is full.
    mutating func add(seq: Int64, message: [UInt8], signature: [UInt8]) {
        pending.append((seq, message, signature))
        if pending.count >= Self.size { check() }
    }

    /// Checks every queued signature.
    mutating func check() {
        guard !pending.isEmpty else { return }
        let items = pending
        pending.removeAll(keepingCapacity: true)
        let publicKey = self.publicKey
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let earliest = Mutex<Int64?>(nil)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < items.count {
                let item = items[index]
                if !Signer.verify(signature: item.signature, message: item.message, publicKey: publicKey) {
                    earliest.withLock { $0 = min($0 ?? .max, item.seq) }
                }
                index += workers
            }
        }
        if let failed = earliest.withLock({ $0 }) { firstInvalid = min(firstInvalid ?? .max, failed) }
    }
}
