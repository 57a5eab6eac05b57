import Foundation

extension Vault {
    /// Audit entries waiting past the mark that make ``indexAuditTrails(minimumBacklog:chunk:)`` index them.
    ///
    /// Sorted by subject, this many entries share the index's pages (about 64,000 leaves for six million entries),
    /// so the merge writes a fraction of a page per entry where a per-row index wrote one each; and a subject's trail
    /// scans at most about this many entries past the mark (tens of milliseconds).
    public static let auditIndexBacklog = 200_000

    /// Indexes by subject the audit entries appended since the last merge, when at least `minimumBacklog` wait;
    /// returns how many entries it indexed. A no-op on PostgreSQL, which indexes each entry as it is appended.
    ///
    /// Reads the waiting entries on a reader, sorts them by subject and adds them `chunk` at a time, each chunk in a
    /// short transaction of its own so the writes of a busy server wait a few milliseconds at most; then moves the
    /// mark. Interrupted, it leaves index rows past the mark, which trails ignore and the next merge keeps.
    /// Concurrent merges (two processes on one file) add the same rows and move the mark to the same place.
    /// - Throws: ``VaultError`` `storage` on failure.
    @discardableResult
    public func indexAuditTrails(minimumBacklog: Int = Vault.auditIndexBacklog, chunk: Int = 500) async throws -> Int {
        precondition(chunk > 0, "the merge's chunk is positive")
        guard case .sqlite = backend else { return 0 }
        let (mark, head) = try await read { tx in
            (try tx.auditSubjectMark(), try tx.auditHead(forAppend: false)?.seq ?? 0)
        }
        guard head > mark, head - mark >= Int64(minimumBacklog) else { return 0 }
        var tail = try await read { tx in try tx.auditSubjectTail(after: mark, through: head) }
        tail.sort { $0.subject == $1.subject ? $0.seq < $1.seq : $0.subject < $1.subject }
        var start = 0
        while start < tail.count {
            let rows = Array(tail[start..<min(start + chunk, tail.count)])
            try await write { tx in try tx.addAuditSubjects(rows) }
            start += chunk
        }
        try await write { tx in try tx.advanceAuditSubjectMark(to: head) }
        return tail.count
    }
}
