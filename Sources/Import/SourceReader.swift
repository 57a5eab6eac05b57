import Dispatch
import Foundation
import Synchronization

/// The import's reading and preparing threads: one walks an ``ImportRowSource`` and passes its rows on in
/// batches; the other prepares each batch (on several cores at once) and hands it to the writer through a
/// ``BatchHandoff``. Reading the next batch overlaps preparing this one, which overlaps writing the one before.
///
/// An error while reading (a file that is not CSV after all) reaches the writer after the rows before it, and the
/// writer rolls the transaction back; a writer that stops early cancels the handoff, and both threads end at their
/// next batch.
final class SourceReader: @unchecked Sendable {
    // @unchecked: `source` is used only by the reading thread, from `start()` until it signals `done`; the writer
    // touches it again only after `waitUntilDone()`.
    private let source: any ImportRowSource
    private let preparer: RowPreparer
    private let handoff: BatchHandoff<PreparedRow>
    /// Rows read and waiting to be prepared.
    private let unprepared = BatchHandoff<Step>(capacity: 4)
    /// Signalled once by each of the two threads as it ends.
    private let done = DispatchSemaphore(value: 0)
    private var started = false
    /// Rows per batch: large enough that the two threads rarely meet at the lock, small enough to stay in cache.
    static var batchSize: Int { 256 }

    init(source: any ImportRowSource, preparer: RowPreparer, handoff: BatchHandoff<PreparedRow>) {
        self.source = source
        self.preparer = preparer
        self.handoff = handoff
    }

    /// Starts the reading and the preparing thread.
    func start() {
        started = true
        for (name, body) in [("pdgate-import-reader", read), ("pdgate-import-preparer", prepareAll)] {
            let thread = Thread { [self] in
                body()
                done.signal()
            }
            thread.name = name
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Blocks until both threads have ended (at once when they never started).
    func waitUntilDone() {
        guard started else { return }
        done.wait()
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
                    guard unprepared.send(steps) else { throw CancellationError() }
                    steps.removeAll(keepingCapacity: true)
                }
            }
            if !steps.isEmpty { _ = unprepared.send(steps) }
            unprepared.finish()
        } catch {
            unprepared.finish(throwing: error)
        }
    }

    /// Prepares what the reading thread passes on, in order, until it finishes or the writer stops taking batches.
    private func prepareAll() {
        do {
            while let steps = try unprepared.receive() {
                guard handoff.send(try prepare(steps)) else {
                    unprepared.cancel()
                    return
                }
            }
            handoff.finish()
        } catch {
            unprepared.cancel()
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
