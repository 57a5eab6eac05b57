public import Core
import Audit
public import Foundation
import Intake
import Keyring
import Vault

extension Gateway {
    /// Asks people whose consent to a purpose is legacy and unproven to confirm it through the mailing services' own
    /// double opt-in (Mailchimp `pending`, UniSender `double_optin=0`).
    ///
    /// Only people with active, unproven consent are considered: never anyone without consent, who withdrew, who
    /// is restricted, erased or on the suppression list, nor an address a service reported invalid. Each person
    /// asked gets a `reconfirm` outbox event per connector of the purpose that runs double opt-in, and the request
    /// is recorded (by pseudonym), so a second run within `window` does not ask again. The confirmation, reported
    /// back by webhook or pull, is applied by ``applyInbound(_:connector:principal:)``. Audited with counts only.
    ///
    /// - Parameters:
    ///   - selection: Narrows who is asked (a tag, a customer status).
    ///   - window: Seconds during which a person already asked is not asked again (0: ask again at once).
    ///   - dryRun: Count only; queue and record nothing.
    /// - Throws: ``GatewayError`` `invalidArgument` for a purpose that does not rest on consent or has no connector
    ///   running double opt-in, `refused` when the role may not record consent.
    public func reconfirm(purpose name: String, selection: ReconfirmSelection = ReconfirmSelection(),
                          window: TimeInterval, dryRun: Bool = false, principal: Principal) async throws
        -> ReconfirmReport
    {
        try await require(.consent, principal, auditAction: .consentReconfirm)
        guard let purpose = policies.purpose(named: name) else {
            throw GatewayError(.invalidArgument, "no purpose \(name) in purposes.yaml")
        }
        guard purpose.requiresConsent else {
            throw GatewayError(.invalidArgument, "purpose \(name) rests on \(purpose.legalBasis.rawValue), not consent")
        }
        let routes = connectorRoutes.filter { $0.confirmsSubscriptions && $0.purposes.contains(name) }.map(\.name)
        guard !routes.isEmpty else {
            throw GatewayError(.invalidArgument,
                               "no connector of \(name) runs double opt-in (configure Mailchimp or UniSender for it)")
        }
        var report = ReconfirmReport(purpose: name, connectors: routes, dryRun: dryRun)
        let now = nowSeconds
        let (latest, recent) = try await vault.read { tx in
            (try tx.latestConsents(purpose: name),
             window > 0 ? try tx.subjectsAskedToReconfirm(purpose: name, since: now - Int64(window)) : [])
        }
        let legacy = latest.filter { $0.value.given && !$0.value.proven }.keys.sorted { $0.rawValue < $1.rawValue }
        report.legacy = legacy.count
        var chosen: [SubjectID] = []
        for start in stride(from: 0, to: legacy.count, by: 500) {
            let batch = Array(legacy[start..<min(start + 500, legacy.count)])
            chosen += try await reconfirmable(batch, selection: selection, askedRecently: recent, report: &report)
        }
        report.requested = chosen.count
        guard !dryRun else { return report }
        try await queueReconfirmations(chosen, purpose: name, connectors: routes, at: now)
        try await record(AuditEntry(at: now, by: principal,
                                    action: .consentReconfirm, purpose: name,
                                    detail: "connectors=\(routes.joined(separator: ",")) legacy=\(report.legacy) "
                                        + "requested=\(report.requested) recent=\(report.skippedRecent) "
                                        + "suppressed=\(report.skippedSuppressed)"))
        return report
    }

    /// The people of one batch of legacy consents who may be asked: active, not asked within the window, fitting the
    /// selection, with an e-mail that is neither suppressed nor known invalid. The others are counted in `report`.
    private func reconfirmable(_ batch: [SubjectID], selection: ReconfirmSelection, askedRecently recent: Set<String>,
                               report: inout ReconfirmReport) async throws -> [SubjectID] {
        let stored = try await vault.read { tx in try batch.compactMap { try tx.subject($0) } }
        let catalogue = policies.fields
        let emailField = catalogue.fieldName(for: .email), phoneField = catalogue.fieldName(for: .phone)
        let tagsField = catalogue.fieldName(for: .tags)
        var candidates: [(id: SubjectID, email: String, phone: String?)] = []
        for subject in stored {
            if subject.status != .active {
                report.skippedRestricted += 1
            } else if recent.contains(subject.id.rawValue) {
                report.skippedRecent += 1
            } else if let key = try? await keyring.subjectKey(for: subject.id) {
                func value(_ field: String?) -> String? {
                    field.flatMap { name in subject.record[name].flatMap { try? key.open($0.box, field: name) } }
                }
                guard Self.matches(selection, tags: value(tagsField), status: value(policies.fields.fieldName(for: .customerStatus)))
                else {
                    report.skippedSelection += 1
                    continue
                }
                guard let email = value(emailField), !email.isEmpty else {
                    report.skippedNoEmail += 1
                    continue
                }
                candidates.append((subject.id, email, value(phoneField)))
            } else {
                report.skippedNoEmail += 1
            }
        }
        let checked = candidates
        let verdicts = try await vault.read { tx in
            try checked.map { candidate -> Bool? in
                if try self.suppressionReason(email: candidate.email, phone: candidate.phone, in: tx) != nil {
                    return nil
                }
                return try tx.addressStatus(subject: candidate.id.rawValue, kind: "email")?.status != "invalid"
            }
        }
        var chosen: [SubjectID] = []
        for (candidate, verdict) in zip(checked, verdicts) {
            switch verdict {
            case nil: report.skippedSuppressed += 1
            case false?: report.skippedNoEmail += 1
            case true?: chosen.append(candidate.id)
            }
        }
        return chosen
    }

    /// Queues the confirmation request for each person and connector, and records that they were asked.
    private func queueReconfirmations(_ chosen: [SubjectID], purpose name: String, connectors routes: [String],
                                      at now: Int64) async throws {
        for start in stride(from: 0, to: chosen.count, by: 500) {
            let batch = chosen[start..<min(start + 500, chosen.count)]
            let rows = batch.flatMap { subject in
                outboxRows(.reconfirm, subject: subject, purpose: name, ref: nil, key: "reconfirm-\(now)")
                    .filter { routes.contains($0.connector) }
            }
            try await vault.write { tx in
                try tx.enqueueOutbox(rows)
                for subject in batch {
                    for connector in routes {
                        try tx.recordReconfirmation(Reconfirmation(subject: subject.rawValue, purpose: name,
                                                                   connector: connector, requestedAt: now))
                    }
                }
            }
        }
    }

    /// Whether a person's tags and customer status fit the selection.
    static func matches(_ selection: ReconfirmSelection, tags: String?, status: String?) -> Bool {
        if let wanted = selection.tag {
            let have = Normalizer.tags(tags ?? "").map { $0.lowercased() }
            guard let tag = Normalizer.tags(wanted).first?.lowercased(), have.contains(tag) else { return false }
        }
        if let wanted = selection.status {
            guard let status, status.trimmingCharacters(in: .whitespaces).lowercased()
                == wanted.trimmingCharacters(in: .whitespaces).lowercased()
            else { return false }
        }
        return true
    }
}
