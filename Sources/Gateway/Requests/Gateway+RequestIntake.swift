public import Core
public import Foundation
import Requests
public import Policy
import Keyring

extension Gateway {
    /// What registering a request would do, shown on the console's confirmation page before anything is stored.
    public struct RequestPreview: Sendable {
        /// The instant the request will count as received.
        public var receivedAt: Date
        /// The last day to answer, in the jurisdiction's time zone.
        public var lastDay: CalendarDay
        /// Whether that day is provisional (counted on a missing or provisional production calendar).
        public var provisional: Bool
        /// How many people on file the contact matches (the first is the request's subject; 0: "nothing held").
        public var matches: Int
    }

    /// Checks a request the way
    /// ``createRequest(kind:lookup:jurisdiction:channel:field:newValue:receivedOn:principal:)`` will, and says what it would record: when it counts as received, its last day and who it matches. Stores
    /// nothing but the lookup's audit entry (`subject.find`), the same as a search.
    ///
    /// - Throws: ``GatewayError`` as creating the request would (role, kind, jurisdiction, field, received day).
    public func previewRequest(
        kind: RequestKind, lookup: Lookup, jurisdiction: String, field: String? = nil, newValue: String? = nil,
        receivedOn: CalendarDay? = nil, principal: Principal
    ) async throws -> RequestPreview {
        let regime = try await checkedRequest(kind: kind, jurisdiction: jurisdiction, field: field, newValue: newValue,
                                              principal: principal)
        var preview = try deadlinePreview(kind: kind, regime: regime, receivedOn: receivedOn)
        preview.matches = try await findSubjects(lookup, principal: principal).count
        return preview
    }

    /// What registering a request of `kind` for a person on file would record: when it counts as received and its
    /// last day (``RequestPreview/matches`` is 1). The same checks as
    /// ``createRequest(kind:subject:jurisdiction:channel:field:newValue:principal:)``.
    public func previewRequest(kind: RequestKind, subject: SubjectID, jurisdiction: String, principal: Principal)
        async throws -> RequestPreview
    {
        let regime = try await checkedRequest(kind: kind, jurisdiction: jurisdiction, field: nil, newValue: nil,
                                              principal: principal)
        var preview = try deadlinePreview(kind: kind, regime: regime, receivedOn: nil)
        preview.matches = 1
        return preview
    }

    private func deadlinePreview(kind: RequestKind, regime: Jurisdiction, receivedOn: CalendarDay?) throws
        -> RequestPreview
    {
        let received = try receivedInstant(receivedOn, in: regime)
        let counted: CountedDeadline
        do {
            counted = try regime.countedDeadline(for: kind, receivedAt: received, extended: false)
        } catch {
            throw GatewayError(.policy, "cannot compute the \(regime.code) deadline: \(error.message)")
        }
        return RequestPreview(receivedAt: received, lastDay: CalendarDay(counted.date, in: regime.timeZone),
                              provisional: counted.certainty.isProvisional, matches: 0)
    }
}
