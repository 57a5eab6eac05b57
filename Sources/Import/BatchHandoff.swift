import Foundation

/// A bounded queue of batches between one producing thread and one consuming thread.
///
/// The producer blocks while `capacity` batches wait, so memory stays flat however large the input; the consumer
/// blocks while none waits. Either side can end the exchange: the producer by ``finish(throwing:)`` (the consumer
/// then drains what is queued and sees the error, if any), the consumer by ``cancel()`` (the producer's next
/// ``send(_:)`` returns false and it stops).
final class BatchHandoff<Element: Sendable>: @unchecked Sendable {
    // @unchecked: every stored property is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private let capacity: Int
    private var queue: [[Element]] = []
    private var head = 0
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    /// - Parameter capacity: Batches that may wait before the producer blocks.
    init(capacity: Int) {
        precondition(capacity > 0, "a handoff needs room for at least one batch")
        self.capacity = capacity
    }

    /// Queues a batch, waiting for room; returns false when the consumer has cancelled (drop the batch and stop).
    func send(_ batch: [Element]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count - head >= capacity && !cancelled {
            condition.wait()
        }
        guard !cancelled else { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    /// Ends the exchange from the producer's side, with the error that stopped it, if one did.
    func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        failure = error
        condition.broadcast()
    }

    /// The next batch, waiting for one; nil once the producer has finished and everything queued was taken.
    ///
    /// - Throws: The producer's error, after the batches queued before it.
    func receive() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count && !finished {
            condition.wait()
        }
        if head < queue.count {
            let batch = queue[head]
            queue[head] = []  // the writer owns it now; keep no second reference alive
            head += 1
            if head > 64 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Ends the exchange from the consumer's side: the producer's waiting or next ``send(_:)`` returns false.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        queue.removeAll()
        head = 0
        condition.broadcast()
    }
}
