import Dispatch
import Foundation
import Synchronization

/// The import's reading thread: walks an ``ImportRowSource``, prepares each row and hands them to the writer in
/// batches through a ``BatchHandoff``.
///
/// An error while reading (a file that is not CSV after all) reaches the writer after the rows before it, and the
/// writer rolls the transaction back; a writer that stops early cancels the handoff and this thread ends at its
/// next batch.
final class SourceReader: @unchecked Sendable {
    // @unchecked: `source` is used only by the reading thread, from `start()` until it signals `done`; the writer
    // touches it again only after `waitUntilDone()`.
    private let source: any ImportRowSource
    private let preparer: RowPreparer
    private let handoff: BatchHandoff<PreparedRow>
    private let done = DispatchSemaphore(value: 0)
    private var started = false
    /// Rows per batch: large enough that the two threads rarely meet at the lock, small enough to stay in cache.
    static var batchSize: Int { 256 }

    init(source: any ImportRowSource, preparer: RowPreparer, handoff: BatchHandoff<PreparedRow>) {
        self.source = source
        self.preparer = preparer
        self.handoff = handoff
    }

    /// Starts the reading thread.
    func start() {
        started = true
        let thread = Thread { [self] in
            read()
            done.signal()
        }
        thread.name = "pdgate-import-reader"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Blocks until the reading thread has ended (at once when it never started).
    func waitUntilDone() {
        guard started else { return }
        done.wait()
        started = false
    }

    private func read() {
        var steps: [Step] = []
        steps.reserveCapacity(Self.batchSize)
        do {
            try source.forEachRow { step, bytesRead, fileSize in
                steps.append(Step(step: step, bytesRead: bytesRead, fileSize: fileSize))
                if steps.count == Self.batchSize {
                    guard handoff.send(try prepare(steps)) else { throw CancellationError() }
                    steps.removeAll(keepingCapacity: true)
                }
            }
            if !steps.isEmpty { _ = handoff.send(try prepare(steps)) }
            handoff.finish()
        } catch {
            handoff.finish(throwing: error)
        }
    }

    /// A row as the source gave it, waiting to be prepared.
    private struct Step: Sendable {
        var step: ImportRowStep
        var bytesRead: Int
        var fileSize: Int
    }

    /// Threads that prepare one batch together: sealing is most of an import's work, and a writer that waits on the
    /// disk leaves its core to them.
    static let lanes = max(2, min(ProcessInfo.processInfo.activeProcessorCount, 4))

    /// Prepares a batch in ``lanes`` contiguous parts at once, keeping file order.
    private func prepare(_ steps: [Step]) throws -> [PreparedRow] {
        let preparer = self.preparer
        let lanes = min(Self.lanes, steps.count)
        let parts = Mutex<[Int: Result<[PreparedRow], any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            let range = steps.count * lane / lanes..<steps.count * (lane + 1) / lanes
            let part = Result {
                try steps[range].map { try preparer.prepare($0.step, bytesRead: $0.bytesRead, fileSize: $0.fileSize) }
            }
            parts.withLock { $0[lane] = part }
        }
        return try parts.withLock { parts in try (0..<lanes).flatMap { try parts[$0]!.get() } }
    }
}
