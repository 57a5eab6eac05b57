public import Core
public import Foundation
public import Requests
import Policy
import Vault
import Audit

extension Gateway {
    /// The time zone a jurisdiction counts its days in (`jurisdictions.yaml` `time_zone`); the operator's for a
    /// code no longer in the policy files (requests registered under an older policy).
    public func timeZone(ofJurisdiction code: String) -> TimeZone {
        policies.timeZone(ofJurisdiction: code)
    }

    /// Where a request stands against its deadline now: its last day, the days left and whether it is overdue or
    /// due soon, all counted in its jurisdiction's time zone (``DeadlineStatus``).
    public func deadlineStatus(of request: SubjectRequest) -> DeadlineStatus {
        request.deadlineStatus(in: timeZone(ofJurisdiction: request.jurisdiction), at: now)
    }

    /// The request with its deadline counted again on the calendars loaded now, when it was provisional.
    ///
    /// A request registered while a production-calendar year was missing or provisional keeps a provisional
    /// deadline; once that year is loaded (or confirmed) the same request reads with the legal deadline. Closed and
    /// official requests are returned unchanged. Nothing is stored: ``recomputeDeadlines(principal:)`` does that.
    func recounted(_ request: SubjectRequest) -> SubjectRequest {
        guard request.state.isOpen, request.deadlineIsProvisional,
            let regime = policies.jurisdiction(code: request.jurisdiction),
            let base = try? regime.countedDeadline(for: request.kind, receivedAt: request.receivedAt, extended: false)
        else { return request }
        var updated = request
        updated.deadline = base.date
        Self.record(base, in: &updated)
        if request.extendedDeadline != nil,
            let extended = try? regime.countedDeadline(for: request.kind, receivedAt: request.receivedAt,
                                                       extended: true)
        {
            updated.extendedDeadline = extended.date
            Self.record(extended, in: &updated)
        }
        return updated
    }

    /// Counts every open provisional deadline again on the calendars loaded now and stores the ones that changed
    /// (certainty or date), each audited as `request.deadline`.
    ///
    /// Run after adding a production-calendar year or confirming a provisional one (`pdgate request
    /// recompute-deadlines`). Reading a request already shows the recounted deadline; this makes the stored one,
    /// which the overdue list and the console sort by, agree.
    /// - Returns: The requests whose deadline changed, as stored now.
    public func recomputeDeadlines(principal: Principal) async throws -> [SubjectRequest] {
        try await requireRequestRole(principal, auditAction: .requestDeadline)
        let open = try await vault.read { tx in try tx.requests(openOnly: true) }
        var changed: [SubjectRequest] = []
        for stored in open {
            let request = try Self.decode(stored)
            let updated = recounted(request)
            guard updated != request else { continue }
            let detail = "deadline \(Self.day(request.effectiveDeadline))→\(Self.day(updated.effectiveDeadline)) "
                + (updated.deadlineCertainty ?? .official).rawValue
            changed.append(try await transition(request.reference, principal: principal, action: .requestDeadline,
                                                detail: detail) { current, _ in
                current.deadline = updated.deadline
                current.extendedDeadline = updated.extendedDeadline
                current.deadlineCertainty = updated.deadlineCertainty
                current.provisionalCalendarYears = updated.provisionalCalendarYears
            })
        }
        return changed
    }
}
