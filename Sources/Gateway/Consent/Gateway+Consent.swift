public import Core
import Foundation
import Keyring
public import Vault
import Audit
import Policy

/// How a consent was captured by pdgate itself (web form, API, privacy officer, call).
public struct ConsentCapture: Sendable {
    /// `web_form`, `api`, `privacy_officer`, `phone_call`, `email_link`, `privacy_center`, ...
    public var channel: String
    /// Where: a form id, a landing page, a ticket number (never personal data).
    public var source: String
    /// A reference to stored evidence (signed form scan id, message id, call recording id).
    public var evidence: String?

    public init(channel: String, source: String, evidence: String? = nil) {
        self.channel = channel
        self.source = source
        self.evidence = evidence
    }
}

/// The state of one person's consent to one purpose.
public struct ConsentState: Sendable, Equatable, Codable {
    public var purpose: String
    public var active: Bool
    public var proven: Bool
    public var provenance: String?
    /// Whether the purpose may be used for the person now: a valid basis, not restricted.
    public var usable: Bool
}

extension Gateway {
    /// Records consent given to a consent-based purpose, tied to the exact notice document shown.
    ///
    /// - Parameter noticeVersionShown: The version of the consent document the person saw, when the caller showed
    ///   one (the privacy center's pages): a consent is only recorded on the document the person read.
    /// - Throws: ``GatewayError`` `invalidArgument` for an unknown purpose or one whose basis is not consent, or when
    ///   the document shown is no longer the current one; `notFound` for an unknown subject, `refused` when the
    ///   role may not record consent.
    @discardableResult
    public func giveConsent(
        _ subject: SubjectID, purpose name: String, capture: ConsentCapture, noticeVersionShown: String? = nil,
        principal: Principal
    ) async throws -> ConsentEvent {
        try await require(.consent, principal, auditAction: .consentGive, subject: subject.rawValue)
        let purpose = try consentPurpose(name)
        let notice = try notices.consentDocument(for: purpose, policies: policies).notice
        if let noticeVersionShown, noticeVersionShown != notice.version {
            throw GatewayError(.invalidArgument, "the consent document of \(name) is now version \(notice.version); "
                + "show it before recording consent")
        }
        let event = ConsentEvent(
            subject: subject, purpose: purpose.name, action: .given, at: nowSeconds, channel: capture.channel,
            source: capture.source, provenance: .captured, proven: true, noticeID: notice.id,
            noticeVersion: notice.version, noticeHash: notice.sha256,
            evidence: capture.evidence ?? "separate document \(notice.id)@\(notice.version)", principal: principal.name)
        let recorded = try await append(event, principal: principal, auditAction: .consentGive)
        // New, proven consent brings back a person who had objected: their addresses leave the suppression list.
        try await liftSuppression(of: subject, because: purpose.name, principal: principal)
        return recorded
    }

    /// Records a withdrawal. As easy as giving: any channel, no reason needed; history is never deleted.
    ///
    /// - Parameter noticeVersionShown: The version of the consent document the page showed next to the withdraw
    ///   button, recorded with the withdrawal (never a reason to refuse it: withdrawing must stay as easy as giving).
    /// - Returns: The withdrawal, or nil when consent was not active (nothing to withdraw; nothing recorded).
    @discardableResult
    public func withdrawConsent(
        _ subject: SubjectID, purpose name: String, channel: String, source: String = "request",
        noticeVersionShown: String? = nil, principal: Principal
    ) async throws -> ConsentEvent? {
        try await require(.consent, principal, auditAction: .consentWithdraw, subject: subject.rawValue)
        let purpose = try consentPurpose(name)
        let current = try await consentState(subject, purpose: purpose.name)
        guard current.active else { return nil }
        var event = ConsentEvent(
            subject: subject, purpose: purpose.name, action: .withdrawn, at: nowSeconds, channel: channel,
            source: source, provenance: .captured, proven: true, principal: principal.name)
        if let noticeVersionShown, let notice = try? notices.consentDocument(for: purpose, policies: policies).notice {
            event.noticeID = notice.id
            event.noticeVersion = noticeVersionShown
            // The hash is known only for the current version; an older page's version is recorded as shown.
            event.noticeHash = noticeVersionShown == notice.version ? notice.sha256 : nil
        }
        return try await append(event, principal: principal, auditAction: .consentWithdraw)
    }

    /// The full consent history of a person, oldest first; the read is audited.
    public func consentHistory(_ subject: SubjectID, principal: Principal) async throws -> [ConsentEvent] {
        try await require(.consent, principal, auditAction: .consentHistory, subject: subject.rawValue)
        let now = nowSeconds
        return try await audited(by: principal, at: now, as: .read) { tx, log in
            guard try tx.subjectExists(subject) else { throw GatewayError(.notFound, "no subject \(subject)") }
            let events = try tx.consentEvents(of: subject)
            try log.record(.consentHistory, subject: subject.rawValue,
                detail: "events=\(events.count)")
            return events
        }
    }

    /// Whether a person's data may be used for a purpose now: the purpose's legal basis holds (for consent:
    /// active, and proven unless the purpose accepts unproven legacy consent) and the person is not restricted.
    public func consentState(_ subject: SubjectID, purpose name: String) async throws -> ConsentState {
        guard let purpose = policies.purpose(named: name) else {
            throw GatewayError(.invalidArgument, "no purpose \(name) in purposes.yaml")
        }
        let (status, last) = try await vault.read { tx -> (StoredSubject.Status?, ConsentEvent?) in
            (try tx.subject(subject)?.status, try tx.consentEvents(of: subject, purpose: name).last)
        }
        guard let status else { throw GatewayError(.notFound, "no subject \(subject)") }
        let active = last?.action == .given
        let proven = active && (last?.proven ?? false)
        let basisHolds = !purpose.requiresConsent || (active && (proven || purpose.legacyConsentSufficient))
        return ConsentState(purpose: name, active: active, proven: proven, provenance: last?.provenance.rawValue,
                            usable: basisHolds && status == .active)
    }

    private func consentPurpose(_ name: String) throws -> Purpose {
        guard let purpose = policies.purpose(named: name) else {
            throw GatewayError(.invalidArgument, "no purpose \(name) in purposes.yaml")
        }
        guard purpose.requiresConsent else {
            throw GatewayError(.invalidArgument,
                "purpose \(name) rests on \(purpose.legalBasis.rawValue), not consent; there is no consent to record")
        }
        return purpose
    }

    ///
    /// - Parameter replayed: A withdrawal a restore records again (audited now, as re-applied; its own time stays).
    func append(_ event: ConsentEvent, principal: Principal, auditAction: AuditAction, replayed: Bool = false) async throws
        -> ConsentEvent
    {
        let auditedAt = replayed ? max(nowSeconds, event.at) : event.at
        let detail = "channel=\(event.channel)" + (replayed ? "; re-applied after restore" : "")
        // Connectors of the purpose learn of it in the same transaction: a withdrawal suppresses the person there,
        // consent given lets the resolver send them (if the basis is valid at send time).
        let change = "consent-\(event.at)-\(event.action.rawValue)-\(UUID().uuidString.prefix(8))"
        let rows = event.action == .given
            ? outboxRows(.upsert, subject: event.subject, purpose: event.purpose, ref: nil, key: change)
            : outboxRows(.suppress, subject: event.subject, purpose: event.purpose,
                         ref: try await personRef(event.subject), key: change,
                         reason: event.channel == "objection" ? .objection : .withdrawal)
        return try await audited(by: principal, at: auditedAt) { tx, log in
            try tx.enqueueOutbox(rows)
            guard try tx.subjectExists(event.subject) else {
                throw GatewayError(.notFound, "no subject \(event.subject) (never existed or erased)")
            }
            var stored = event
            stored.id = try tx.appendConsent(event)
            try log.record(auditAction, purpose: event.purpose, subject: event.subject.rawValue,
                detail: detail)
            return stored
        }
    }
}
