import Foundation
import Vault
import Requests

extension Gateway {
    /// Counts for health checks and metrics scrapes: subjects, open and overdue requests.
    ///
    /// Needs no principal and is not audited: it reveals no one's data and no individual request, and a scraper
    /// calling it every few seconds must not flood the audit log. One read transaction, no key is touched.
    public func operationalCounts() async throws -> OperationalCounts {
        let now = self.now
        let (subjects, open) = try await vault.read { tx in (try tx.subjectCount(), try tx.requests(openOnly: true)) }
        let overdue = try open.map(Self.decode).filter { $0.isOverdue(at: now) }.count
        return OperationalCounts(subjects: subjects, openRequests: open.count,
                                 overdueRequests: overdue)
    }
}
