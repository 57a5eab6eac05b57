public import Core
import Audit
public import ConnectorKit
import Foundation
import Intake
import Keyring
import Vault

extension Gateway {
    /// Applies what a mailing service reported back: unsubscribes and complaints withdraw the consent-based
    /// purposes the connector serves (with the service as source and the event's time, so the 30-day clock starts
    /// then, and the other connectors of those purposes are told); bounces mark the address invalid; a
    /// confirmation the gateway asked for (``reconfirm(purpose:filter:window:dryRun:principal:)``) turns legacy
    /// consent into proven consent with the service as evidence.
    ///
    /// An unsubscribe that only reports back pdgate's own suppression (a restriction pdgate sent as an unsubscribe,
    /// say) is an echo and changes nothing (see `VaultTransaction.isEchoOfOwnSuppression`).
    ///
    /// Replays have one effect, whether they come by webhook or by pull: a withdrawal applies only while consent is
    /// active and the event is not older than the latest consent event, a bounce already recorded is not recorded
    /// again, and a confirmation applies only while the consent is still unproven. A confirmation nobody asked for
    /// (a signup inside the service) is ignored. Unknown addresses are counted, never created. Nothing personal is
    /// logged or audited: subjects by pseudonym, counts only.
    ///
    /// - Parameter connector: The connector the events came from; its purposes are the ones withdrawn.
    public func applyInbound(_ events: [InboundEvent], connector: String, principal: Principal) async throws
        -> InboundReport
    {
        try await require(.consent, principal, auditAction: .inboundApply)
        guard let route = connectorRoutes.first(where: { $0.name == connector }) else {
            throw GatewayError(.notFound, "no connector \(connector) is configured")
        }
        let purposes = route.purposes.filter { policies.purpose(named: $0)?.requiresConsent == true }
        var report = InboundReport()
        for event in events {
            report.received += 1
            guard let email = try? Normalizer.email(event.email) else {
                report.ignored += 1
                continue
            }
            let digest = keyring.blindIndex(.email).digest(email)
            let subjects = try await vault.read { tx in try tx.subjectIDs(withDigest: digest, kind: .email) }
            guard !subjects.isEmpty else {
                report.unknown += 1
                continue
            }
            // A service's clock ahead of ours must not date a withdrawal in the future.
            let at = min(Int64(event.at.timeIntervalSince1970), nowSeconds)
            let reason = Self.reasonToken(event.reason)
            for subject in subjects {
                try await apply(event, to: subject, at: at, reason: reason, purposes: purposes, connector: connector,
                                principal: principal, report: &report)
            }
        }
        try await record(AuditEntry(at: nowSeconds, by: principal,
                                    action: .inboundApply,
                                    detail: "connector=\(connector) received=\(report.received) "
                                        + "withdrawn=\(report.withdrawn) invalid=\(report.markedInvalid) "
                                        + "confirmed=\(report.confirmed) ignored=\(report.ignored) "
                                        + "echoes=\(report.echoes) "
                                        + "duplicates=\(report.duplicates) unknown=\(report.unknown)"))
        return report
    }

    /// One event for one person the address belongs to.
    private func apply(_ event: InboundEvent, to subject: SubjectID, at: Int64, reason: String?, purposes: [String],
                       connector: String, principal: Principal, report: inout InboundReport) async throws {
        switch event.kind {
        case .unsubscribe, .complaint:
            try await withdraw(event, of: subject, at: at, reason: reason, purposes: purposes, connector: connector,
                               principal: principal, report: &report)
        case .bounce:
            if try await markInvalid(subject, reason: reason ?? "bounce", source: connector, at: at,
                                     principal: principal) {
                report.markedInvalid += 1
            } else {
                report.duplicates += 1
            }
        case .confirmation:
            for purpose in purposes {
                switch try await confirm(subject, purpose: purpose, connector: connector, event: event, at: at,
                                         principal: principal) {
                case .confirmed: report.confirmed += 1
                case .duplicate: report.duplicates += 1
                case .notAsked: report.ignored += 1
                }
            }
        }
    }

    /// An unsubscribe or complaint: withdraws each of the connector's purposes whose consent is active and not
    /// newer than the event, through the one consent path, unless it only echoes pdgate's own suppression.
    private func withdraw(_ event: InboundEvent, of subject: SubjectID, at: Int64, reason: String?,
                          purposes: [String], connector: String, principal: Principal,
                          report: inout InboundReport) async throws {
        var withdrawable: [String] = []
        for purpose in purposes {
            let last = try await vault.read { tx in try tx.consentEvents(of: subject, purpose: purpose).last }
            guard let last, last.action == .given, last.at <= at else {
                report.duplicates += 1
                continue
            }
            withdrawable.append(purpose)
        }
        // pdgate's own restriction or suppression, reported back by the service, is not the person's act (a
        // complaint always is: it reports what the person did to a message).
        if !withdrawable.isEmpty, event.kind == .unsubscribe, try await vault.read({ tx in
            try tx.isEchoOfOwnSuppression(subject: subject.rawValue, connector: connector, at: Double(at))
        }) {
            report.echoes += 1
            return
        }
        for purpose in withdrawable {
            let withdrawal = ConsentEvent(
                subject: subject, purpose: purpose, action: .withdrawn, at: at, channel: connector,
                source: "\(connector):\(event.kind.rawValue)" + (reason.map { ":\($0)" } ?? ""),
                provenance: .captured, proven: true, principal: principal.name)
            _ = try await append(withdrawal, principal: principal, auditAction: .consentWithdraw)
            report.withdrawn += 1
        }
    }

    private enum Confirmation { case confirmed, duplicate, notAsked }

    /// Turns a person's legacy consent to a purpose into proven consent, when the gateway asked this connector to
    /// have them confirm it and the consent is still unproven.
    private func confirm(_ subject: SubjectID, purpose: String, connector: String, event: InboundEvent, at: Int64,
                         principal: Principal) async throws -> Confirmation {
        let (request, last) = try await vault.read { tx in
            (try tx.reconfirmation(subject: subject.rawValue, purpose: purpose, connector: connector),
             try tx.consentEvents(of: subject, purpose: purpose).last)
        }
        guard let request else { return .notAsked }
        guard let last, last.action == .given, !last.proven, request.confirmedAt == nil else { return .duplicate }
        let when = Date(timeIntervalSince1970: TimeInterval(at)).formatted(.iso8601)
        let name = event.serviceEvent.map { $0.replacingOccurrences(of: ":", with: "-") }.flatMap(Self.reasonToken)
            ?? "confirmation"
        let proven = ConsentEvent(
            subject: subject, purpose: purpose, action: .given, at: max(at, last.at), channel: connector,
            source: "\(connector):double_opt_in", provenance: .captured, proven: true,
            evidence: "\(connector) double opt-in confirmation (\(name) at \(when)), requested by pdgate at "
                + Date(timeIntervalSince1970: TimeInterval(request.requestedAt)).formatted(.iso8601),
            principal: principal.name)
        _ = try await append(proven, principal: principal, auditAction: .consentConfirm)
        try await vault.write { tx in
            try tx.markReconfirmed(subject: subject.rawValue, purpose: purpose, connector: connector, at: at)
        }
        return .confirmed
    }

    /// Marks a person's e-mail invalid; false when it already was (a webhook and a pull may name the cause
    /// differently: `hard` and `cleaned`).
    private func markInvalid(_ subject: SubjectID, reason: String, source: String, at: Int64, principal: Principal)
        async throws -> Bool
    {
        let now = nowSeconds
        return try await audited(by: principal, at: now) { tx, log in
            if let current = try tx.addressStatus(subject: subject.rawValue, kind: "email"), current.status == "invalid" {
                return false
            }
            try tx.markAddress(AddressStatus(subject: subject.rawValue, kind: "email", status: "invalid",
                                             reason: reason, source: source, at: at))
            try log.record(.addressInvalid, subject: subject.rawValue, fields: ["email"],
                detail: "source=\(source) reason=\(reason)")
            return true
        }
    }

    /// A service's reason code when it is a short token (`manual`, `hard`), else nil: never free text.
    static func reasonToken(_ text: String?) -> String? {
        guard let text, (1...24).contains(text.count),
            text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else { return nil }
        return text.lowercased()
    }
}
