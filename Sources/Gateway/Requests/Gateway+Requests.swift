public import Core
import Foundation
public import Requests
public import Policy
import Keyring
import Vault
import Audit
import Intake

extension Gateway {
    /// Records a new request, found by the person's e-mail or phone, with its legal deadline.
    ///
    /// A request for someone the vault does not know is still recorded: its answer is that nothing is held.
    /// - Parameters:
    ///   - kind: access, erasure, rectification, restriction or objection.
    ///   - jurisdiction: `RU` or `EU` (jurisdictions.yaml).
    ///   - field: For rectification, the field to correct; `newValue` its corrected value (sealed at once).
    ///   - receivedOn: The day the request reached the operator, in the jurisdiction's time zone, when it is
    ///     registered later (a letter opened on Wednesday that arrived on Monday): the deadline counts from it. `nil`
    ///     or today: now. A day in the future, or more than a year back, is refused.
    public func createRequest(
        kind: RequestKind, lookup: Lookup, jurisdiction: String, channel: String, field: String? = nil,
        newValue: String? = nil, receivedOn: CalendarDay? = nil, principal: Principal
    ) async throws -> SubjectRequest {
        let regime = try await checkedRequest(kind: kind, jurisdiction: jurisdiction, field: field, newValue: newValue,
                                              principal: principal)
        let received = try receivedInstant(receivedOn, in: regime)
        let matches = try await findSubjects(lookup, principal: principal)
        let created = try await fileRequest(kind: kind, subject: matches.first, matchCount: matches.count,
                                            regime: regime, jurisdiction: jurisdiction, channel: channel, field: field,
                                            newValue: newValue, received: received, principal: principal)
        await notifyRequester(.receipt, about: created, principal: principal)
        return created
    }

    /// The channels a request can arrive by, as the console offers them (`privacy_center` is the center's own).
    public static let requestChannels = ["letter", "email", "phone", "in_person"]

    /// A channel as the audit names it: one of ``requestChannels``, `privacy_center` or `api`, else `other` (the
    /// CLI takes it as free text, which is never copied into the audit).
    static func auditedChannel(_ channel: String) -> String {
        (requestChannels + ["privacy_center", "api"]).contains(channel) ? channel : "other"
    }

    /// The instant a request counts as received: now for `nil` or today, else the first instant of `day` in the
    /// jurisdiction's time zone.
    func receivedInstant(_ day: CalendarDay?, in regime: Jurisdiction) throws -> Date {
        let now = self.now
        guard let day else { return now }
        let today = CalendarDay(now, in: regime.timeZone)
        guard day <= today else {
            throw GatewayError(.invalidArgument, "received day \(day) is in the future")
        }
        guard day >= today.adding(days: -366) else {
            throw GatewayError(.invalidArgument, "received day \(day) is more than a year back")
        }
        return day == today ? now : day.start(in: regime.timeZone)
    }

    /// Records a new request of a person already identified (the privacy center, after their e-mail code).
    ///
    /// The same checks, deadline and audit as
    /// ``createRequest(kind:lookup:jurisdiction:channel:field:newValue:receivedOn:principal:)``.
    public func createRequest(
        kind: RequestKind, subject: SubjectID, jurisdiction: String, channel: String, field: String? = nil,
        newValue: String? = nil, principal: Principal
    ) async throws -> SubjectRequest {
        let regime = try await checkedRequest(kind: kind, jurisdiction: jurisdiction, field: field, newValue: newValue,
                                              principal: principal)
        guard try await vault.read({ tx in try tx.subjectExists(subject) }) else {
            throw GatewayError(.notFound, "no subject \(subject)")
        }
        let created = try await fileRequest(kind: kind, subject: subject, matchCount: 1, regime: regime,
                                            jurisdiction: jurisdiction, channel: channel, field: field,
                                            newValue: newValue, received: now, principal: principal)
        await notifyRequester(.receipt, about: created, principal: principal)
        return created
    }

    private func fileRequest(
        kind: RequestKind, subject: SubjectID?, matchCount: Int, regime: Jurisdiction, jurisdiction: String,
        channel: String, field: String?, newValue: String?, received: Date, principal: Principal
    ) async throws -> SubjectRequest {
        let backdated = CalendarDay(received, in: regime.timeZone) != CalendarDay(now, in: regime.timeZone)
        let deadline: CountedDeadline
        do {
            deadline = try regime.countedDeadline(for: kind, receivedAt: received, extended: false)
        } catch {
            throw GatewayError(.policy, "cannot compute the \(jurisdiction) deadline: \(error.message)")
        }
        var payload: [UInt8]?
        if let subject, let field, let newValue, kind == .rectification {
            let key = try await keyring.subjectKey(for: subject)
            payload = key.seal(newValue, field: "rectification:\(field)")
        }
        let sealedValue = payload
        let year = Calendar(identifier: .gregorian).component(.year, from: received)
        let seconds = nowSeconds
        return try await audited(by: principal, at: seconds) { tx, log in
            let number = try tx.nextRequestNumber()
            var request = SubjectRequest(
                reference: String(format: "REQ-%04d-%06lld", year, number), kind: kind, subject: subject?.rawValue,
                jurisdiction: jurisdiction, channel: channel, receivedAt: received, deadline: deadline.date)
            request.field = field
            Self.record(deadline, in: &request)
            try tx.insertRequest(try Self.stored(request, payload: sealedValue))
            try log.record(.requestCreate, subject: subject?.rawValue,
                fields: field.map { [$0] } ?? [],
                detail: "\(request.reference) kind=\(kind.rawValue) matches=\(matchCount)"
                    + " channel=\(Self.auditedChannel(channel))"
                    + (backdated
                ? " received=\(CalendarDay(received, in: regime.timeZone))" : "")
                    + (deadline.certainty.isProvisional
                ? " deadline=\(deadline.certainty.rawValue)" : ""))
            return request
        }
    }

    /// The role, kind, jurisdiction and rectification checks of a new request; returns the jurisdiction's rules.
    func checkedRequest(kind: RequestKind, jurisdiction: String, field: String?, newValue: String?,
                                principal: Principal) async throws -> Jurisdiction {
        try await requireRequestRole(principal, auditAction: .requestCreate)
        guard SubjectRequest.kinds.contains(kind) else {
            throw GatewayError(.invalidArgument, "request kind \(kind.rawValue) is not one a person can file")
        }
        guard let regime = policies.jurisdiction(code: jurisdiction) else {
            throw GatewayError(.invalidArgument, "no jurisdiction \(jurisdiction) in jurisdictions.yaml")
        }
        if kind == .rectification {
            guard let field, let definition = policies.fields.field(named: field), newValue != nil else {
                throw GatewayError(.invalidArgument, "a rectification names a field of fields.yaml and its new value")
            }
            do {
                _ = try definition.normalizer.normalise(newValue ?? "")
            } catch {
                throw GatewayError(.invalidArgument, "new value for \(field): \(error.message)")
            }
        }
        return regime
    }

    /// Requests, open ones first by deadline; `overdueOnly` keeps those past their deadline.
    public func listRequests(overdueOnly: Bool = false, openOnly: Bool = false, principal: Principal) async throws
        -> [SubjectRequest]
    {
        try await requireRequestRole(principal, auditAction: .requestList)
        let now = self.now
        let stored = try await vault.read { tx in try tx.requests(openOnly: openOnly || overdueOnly) }
        let requests = try stored.map(Self.decode).map(recounted)
        return overdueOnly ? requests.filter { $0.isOverdue(at: now) } : requests
    }

    /// One request.
    public func request(_ reference: String, principal: Principal) async throws -> SubjectRequest {
        try await requireRequestRole(principal, auditAction: .requestRead)
        guard let stored = try await vault.read({ tx in try tx.request(reference: reference) }) else {
            throw GatewayError(.notFound, "no request \(reference)")
        }
        return recounted(try Self.decode(stored))
    }

    // MARK: Internals

    /// Stores a computed deadline's certainty on the request (nil when official, as records before it had).
    static func record(_ deadline: CountedDeadline, in request: inout SubjectRequest) {
        request.deadlineCertainty = deadline.certainty.isProvisional ? deadline.certainty : nil
        request.provisionalCalendarYears = deadline.uncertainYears.isEmpty ? nil : deadline.uncertainYears
    }

    /// Whether `principal`'s role handles data-subject requests (it may export or erase); the console opens on the
    /// request queue for those roles and on the subject search for the others.
    public func handlesRequests(_ principal: Principal) -> Bool {
        guard let role = policies.role(named: principal.role) else { return false }
        return Self.handlesRequests(role)
    }

    static func handlesRequests(_ role: Role) -> Bool { role.allows(.export) || role.allows(.erase) }

    func requireRequestRole(_ principal: Principal, auditAction: AuditAction) async throws {
        let role = try await role(of: principal, auditAction: auditAction)
        guard Self.handlesRequests(role) else {
            try await refuse(principal, auditAction: auditAction,
                             reason: "role \(principal.role) does not handle data-subject requests")
        }
    }

    /// Loads a request, lets `change` modify it, stores it and audits the action, in one transaction.
    ///
    /// - Parameter byPDGate: pdgate's own work (settling recipients' answers), recorded as ``system`` and not
    ///   subject to roles.yaml; never set from a caller's principal.
    func transition(
        _ reference: String, principal: Principal, action: AuditAction,
        clearPayload: Bool = false, detail: String? = nil, byPDGate: Bool = false,
        _ change: @escaping @Sendable (inout SubjectRequest, Date) throws -> Void
    ) async throws -> SubjectRequest {
        if !byPDGate { try await requireRequestRole(principal, auditAction: action) }
        let now = self.now
        let seconds = nowSeconds
        return try await audited(by: principal, at: seconds) { tx, log in
            guard let stored = try tx.request(reference: reference) else {
                throw GatewayError(.notFound, "no request \(reference)")
            }
            var request = try Self.decode(stored)
            try change(&request, now)
            var updated = try Self.stored(request, payload: nil)
            updated.id = stored.id
            try tx.updateRequest(updated, clearPayload: clearPayload)
            try log.record(action,
                subject: request.subject,
                detail: "\(reference) state=\(request.state.rawValue)" + (detail.map { " \($0)" } ?? ""))
            return request
        }
    }

    static func move(_ request: inout SubjectRequest, to next: RequestState) throws {
        guard request.state.canMove(to: next) else {
            throw GatewayError(.invalidArgument,
                "\(request.reference) is \(request.state.rawValue); it cannot become \(next.rawValue)")
        }
        request.state = next
    }

    static func stored(_ request: SubjectRequest, payload: [UInt8]?) throws -> StoredRequest {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        let record = String(decoding: try encoder.encode(request), as: UTF8.self)
        return StoredRequest(reference: request.reference, state: request.state.rawValue,
                             deadline: Int64(request.effectiveDeadline.timeIntervalSince1970),
                             subject: request.subject, record: record, payload: payload)
    }

    static func decode(_ stored: StoredRequest) throws -> SubjectRequest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(SubjectRequest.self, from: Data(stored.record.utf8))
        } catch {
            throw GatewayError(.storage, "request \(stored.reference) is unreadable in the vault")
        }
    }
}
