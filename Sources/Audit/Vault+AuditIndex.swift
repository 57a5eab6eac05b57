import Foundation
public import Vault
import Storage

extension Vault {
    /// Audit entries waiting past the mark that make ``indexAuditTrails(minimumBacklog:chunk:pause:window:)``
    /// index them.
    ///
    /// Sorted by subject, this many entries share the index's pages (about 40,000 leaves for four million indexed
    /// entries), so the merge writes a fraction of a page per entry where a per-row index wrote one each; and a
    /// subject's trail scans at most about this many entries past the mark (tens of milliseconds).
    public static let auditIndexBacklog = 200_000

    /// Indexes by subject the audit entries appended since the last merge, when at least `minimumBacklog` wait;
    /// returns how many entries it indexed. A no-op on PostgreSQL, which indexes each entry as it is appended.
    ///
    /// Reads the waiting entries, `window` at a time, sorted by subject on a reader; adds them `chunk` at a time,
    /// each chunk in a transaction of its own followed by `pause`, so the writes of a busy server wait about a
    /// millisecond behind a chunk and get the writer most of the time (200,000 entries take some 11 s beside 10,000
    /// lookups a second); then moves the mark past the window. Interrupted, it leaves index rows past the mark,
    /// which trails ignore and the next merge keeps. Concurrent merges (two processes on one file) add the same
    /// rows and move the mark to the same place.
    /// - Throws: ``VaultError`` `storage` on failure; `CancellationError` when the task is cancelled.
    @discardableResult
    public func indexAuditTrails(minimumBacklog: Int = Vault.auditIndexBacklog, chunk: Int = 100,
                                 pause: Duration = .milliseconds(3),
                                 window: Int64 = Vault.auditIndexWindow) async throws -> Int {
        precondition(chunk > 0 && window > 0, "the merge's chunk and window are positive")
        guard dialect == .sqlite else { return 0 }
        let (mark, head) = try await read { tx in
            (try tx.auditSubjectMark(), try tx.auditHead(forAppend: false)?.seq ?? 0)
        }
        guard head > mark, head - mark >= Int64(minimumBacklog) else { return 0 }
        var indexed = 0
        var done = mark
        // A window at a time, so a long backlog (a deployment that merged nothing for months) never sits in memory
        // whole; each window moves the mark.
        while done < head {
            let through = min(head, done + window)
            let tail = try await Self.onLowPriorityThread { [done] in
                try self.readBlocking { tx in try tx.auditSubjectTail(after: done, through: through) }
            }
            var start = 0
            while start < tail.count {
                let rows = Array(tail[start..<min(start + chunk, tail.count)])
                try await write { tx in try tx.addAuditSubjects(rows) }
                start += chunk
                if pause > .zero, tail.count > start { try await Task.sleep(for: pause) }
            }
            try await write { tx in try tx.advanceAuditSubjectMark(to: through) }
            indexed += tail.count
            done = through
        }
        return indexed
    }

    /// Runs `body` on a thread of its own whose scheduling priority is lowered (nice 10), so reading and sorting a
    /// merge's entries takes the CPU requests leave idle instead of a share of theirs; the thread ends with the job.
    private static func onLowPriorityThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                #if os(Linux)
                // On Linux the nice value belongs to the thread: `0` names the calling one.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                #endif
                continuation.resume(with: Result { try body() })
            }
            thread.name = "pdgate.audit-index"
            thread.start()
        }
    }

    /// The most entries one pass of a merge reads and sorts (about 25 MB of subjects and numbers).
    public static let auditIndexWindow: Int64 = 300_000
}
