import Dispatch
import Foundation

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
        var batch: [PreparedRow] = []
        batch.reserveCapacity(Self.batchSize)
        do {
            try source.forEachRow { step, bytesRead, fileSize in
                batch.append(try preparer.prepare(step, bytesRead: bytesRead, fileSize: fileSize))
                if batch.count == Self.batchSize {
                    guard handoff.send(batch) else { throw CancellationError() }
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { _ = handoff.send(batch) }
            handoff.finish()
        } catch {
            handoff.finish(throwing: error)
        }
    }
}
