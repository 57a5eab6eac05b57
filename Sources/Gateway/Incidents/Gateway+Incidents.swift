public import Core
public import Foundation
public import Documents
import Vault
import Audit
public import Policy
public import Requests

extension Gateway {
    /// Audit actions that disclose or change a person's data: who a leaking principal could have exposed.
    static let exposingActions: Set<String> = [
        "subject.read", "subject.export", "subject.find.match", "subject.update", "subject.rectify", "export.subject",
    ]

    /// Opens an incident in the breach register, computes who is affected from the audit log and starts the
    /// notification clocks (clock hours from detection, as jurisdictions.yaml's `data_leak` and `data_leak_report`
    /// say).
    ///
    /// - Parameters:
    ///   - detectedAt: When the operator detected it; the deadlines count from here.
    ///   - summary: What happened, without personal data.
    ///   - systems: Systems involved.
    ///   - principals: Principals involved; their audited reads, exports and changes in the window are the affected
    ///     people. Empty: everyone's.
    ///   - window: The audit window to search; by default the 30 days up to detection.
    ///   - jurisdictions: Whose deadlines apply (`RU`: 24 h and 72 h; `EU`: 72 h); by default the operator's.
    /// - Throws: ``GatewayError`` `refused` without `audit`, `invalidArgument` for an empty summary, a reversed
    ///   window or an unknown jurisdiction.
    public func openIncident(
        detectedAt: Date, summary: String, systems: [String] = [], principals: [String] = [],
        window: (start: Date, end: Date)? = nil, jurisdictions: [String]? = nil, principal: Principal
    ) async throws -> Incident {
        try await require(.audit, principal, auditAction: .incidentOpen)
        let text = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw GatewayError(.invalidArgument, "describe what happened (--summary)") }
        try checkPlausible(detectedAt, "the detection time (--detected)")
        let window = window ?? (detectedAt.addingTimeInterval(-30 * 86_400), detectedAt)
        try checkPlausible(window.start, "the audit window's start (--from)")
        try checkPlausible(window.end, "the audit window's end (--to)")
        guard window.start <= window.end else {
            throw GatewayError(.invalidArgument, "the audit window starts after it ends; check --from and --to")
        }
        let deadlines = try incidentDeadlines(detectedAt: detectedAt,
                                              jurisdictions: jurisdictions ?? [policies.operatorDetails.jurisdiction])
        let now = self.now
        let audit = self.audit
        let seconds = nowSeconds
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        let incident: Incident = try await audited(by: principal, at: seconds) { tx, log in
            let number = try tx.nextIncidentNumber()
            var incident = Incident(
                reference: String(format: "INC-%04d-%06lld", year, number), detectedAt: detectedAt, openedAt: now,
                openedBy: principal.name, summary: text, systems: systems, principals: principals,
                windowStart: window.start, windowEnd: window.end, deadlines: deadlines)
            try self.computeAffected(&incident, audit: audit, tx: tx)
            try tx.insertIncident(try self.stored(incident))
            try log.record(.incidentOpen,
                detail: "\(incident.reference) affected=\(incident.affectedCount) "
                    + "categories=\(incident.affectedCategories.joined(separator: ","))")
            return incident
        }
        logger.notice("Incident opened", metadata: ["pdgate.incident": "\(incident.reference)",
                                                    "pdgate.count": "\(incident.affectedCount)"])
        return incident
    }

    /// Refuses a date no incident can have: before 2000 or more than a day ahead of now (a typo such as year 218
    /// would otherwise give deadlines thousands of years overdue).
    func checkPlausible(_ date: Date, _ what: String) throws {
        let earliest = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01
        guard date >= earliest, date <= now.addingTimeInterval(86_400) else {
            throw GatewayError(.invalidArgument, "\(what) must be between 2000-01-01 and now; check the year")
        }
    }

    /// Changes an open incident: descriptions, principals or window (the affected people are computed again), a
    /// note, or a notification sent.
    ///
    /// - Throws: ``GatewayError`` `refused` without `audit`, `notFound`, `invalidArgument` for a closed incident or
    ///   an unknown deadline name.
    public func updateIncident(_ reference: String, _ change: IncidentChange, principal: Principal) async throws
        -> Incident
    {
        try await require(.audit, principal, auditAction: .incidentUpdate)
        if let start = change.windowStart { try checkPlausible(start, "the audit window's start (--from)") }
        if let end = change.windowEnd { try checkPlausible(end, "the audit window's end (--to)") }
        return try await modifyIncident(reference, principal: principal, action: .incidentUpdate) { incident in
            guard incident.state == "open" else {
                throw GatewayError(.invalidArgument, "\(reference) is closed; open a new incident")
            }
            var changed: [String] = []
            func set<T: Equatable>(_ path: WritableKeyPath<Incident, T>, _ value: T?, _ name: String) {
                if let value, incident[keyPath: path] != value {
                    incident[keyPath: path] = value
                    changed.append(name)
                }
            }
            set(\.summary, change.summary, "summary")
            set(\.systems, change.systems, "systems")
            set(\.principals, change.principals, "principals")
            set(\.windowStart, change.windowStart, "window")
            set(\.windowEnd, change.windowEnd, "window")
            set(\.cause, change.cause.map { Optional($0) }, "cause")
            set(\.consequences, change.consequences.map { Optional($0) }, "consequences")
            set(\.measures, change.measures.map { Optional($0) }, "measures")
            guard incident.windowStart <= incident.windowEnd else {
                throw GatewayError(.invalidArgument, "the audit window starts after it ends; check --from and --to")
            }
            if let sent = change.sent {
                guard let index = incident.deadlines.firstIndex(where: { $0.name == sent.deadline }) else {
                    throw GatewayError(.invalidArgument, "\(reference) has no deadline \(sent.deadline); use one of "
                        + incident.deadlines.map(\.name).joined(separator: ", "))
                }
                incident.deadlines[index].sentAt = sent.at
                incident.deadlines[index].sentReference = sent.reference
                changed.append("sent:\(sent.deadline)")
            }
            if let note = change.note, !note.isEmpty {
                incident.updates.append(.init(at: self.now, by: principal.name, note: note))
                changed.append("note")
            }
            return changed
        }
    }

    /// Closes an incident with a final note; deadlines not met stay recorded as they are.
    public func closeIncident(_ reference: String, note: String, principal: Principal) async throws -> Incident {
        try await require(.audit, principal, auditAction: .incidentClose)
        return try await modifyIncident(reference, principal: principal, action: .incidentClose) { incident in
            guard incident.state == "open" else { throw GatewayError(.invalidArgument, "\(reference) is closed already") }
            incident.state = "closed"
            incident.closedAt = self.now
            if !note.isEmpty { incident.updates.append(.init(at: self.now, by: principal.name, note: note)) }
            let unsent = incident.deadlines.filter { $0.sentAt == nil }.map(\.name)
            return unsent.isEmpty ? ["closed"] : ["closed", "unsent:\(unsent.joined(separator: ","))"]
        }
    }

    /// The register, open incidents first; the listing is audited.
    public func listIncidents(openOnly: Bool = false, principal: Principal) async throws -> [Incident] {
        try await require(.audit, principal, auditAction: .incidentList)
        let now = nowSeconds
        let stored = try await audited(by: principal, at: now, as: .read) { tx, log in
            let rows = try tx.incidents(openOnly: openOnly)
            try log.record(.incidentList, detail: "count=\(rows.count)")
            return rows
        }
        return try stored.map(incident(from:))
    }

    /// One incident, with its affected subject ids; the read is audited.
    public func showIncident(_ reference: String, principal: Principal) async throws -> Incident {
        try await require(.audit, principal, auditAction: .incidentShow)
        let now = nowSeconds
        let stored = try await audited(by: principal, at: now, as: .read) { tx, log -> StoredIncident? in
            let row = try tx.incident(reference: reference)
            if row != nil {
                try log.record(.incidentShow, detail: reference)
            }
            return row
        }
        guard let stored else { throw GatewayError(.notFound, "no incident \(reference)") }
        return try incident(from: stored)
    }

    /// A notification draft for an incident, in the operator's language unless given.
    public func incidentDraft(_ kind: IncidentNotices.Kind, of reference: String, language: Language? = nil,
                              principal: Principal) async throws -> GeneratedDocument {
        let incident = try await showIncident(reference, principal: principal)
        return IncidentNotices.draft(kind, incident: incident, policies: policies,
                                     language: language ?? policies.operatorDetails.primaryLanguage)
    }

    // MARK: Internals

    private func modifyIncident(
        _ reference: String, principal: Principal, action: AuditAction,
        _ body: @escaping @Sendable (inout Incident) throws -> [String]
    ) async throws -> Incident {
        let audit = self.audit
        let seconds = nowSeconds
        return try await audited(by: principal, at: seconds) { tx, log in
            guard let stored = try tx.incident(reference: reference) else {
                throw GatewayError(.notFound, "no incident \(reference)")
            }
            var incident = try self.incident(from: stored)
            let before = (incident.principals, incident.windowStart, incident.windowEnd)
            let changed = try body(&incident)
            if before != (incident.principals, incident.windowStart, incident.windowEnd) {
                try self.computeAffected(&incident, audit: audit, tx: tx)
            }
            try tx.updateIncident(try self.stored(incident))
            try log.record(action,
                detail: "\(reference) \(changed.joined(separator: " ")) "
                    + "affected=\(incident.affectedCount)")
            return incident
        }
    }

    private func stored(_ incident: Incident) throws -> StoredIncident {
        StoredIncident(reference: incident.reference, state: incident.state,
                       detectedAt: Int64(incident.detectedAt.timeIntervalSince1970),
                       record: String(decoding: try Self.json(incident), as: UTF8.self))
    }

    private func incident(from stored: StoredIncident) throws -> Incident {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(Incident.self, from: Data(stored.record.utf8))
        } catch {
            throw GatewayError(.storage, "incident \(stored.reference) cannot be read")
        }
    }
}
