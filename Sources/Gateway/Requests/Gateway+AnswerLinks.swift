public import Core
public import Foundation
import Keyring
import Vault
import Audit
public import Policy
import Requests

/// Where requesters read their access answers: the privacy center's address and how long a link works.
public struct AnswerLinkDelivery: Sendable {
    /// The privacy center's public address (`--public-url`), without a trailing slash.
    public var baseURL: String
    /// Seconds an answer link works, unless opened before.
    public var lifetime: TimeInterval

    /// - Parameters:
    ///   - baseURL: The public address the person's browser reaches the server at.
    ///   - lifetime: Seconds a link works; a week by default.
    public init(baseURL: String, lifetime: TimeInterval = 7 * 86_400) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.lifetime = lifetime
    }
}

extension Gateway {
    /// From now on, a completed access request that did not come through the privacy center is answered with a
    /// one-time link to the privacy center (the `answer_link` message), instead of the `completion` message.
    ///
    /// Needs ``sendRequesterMessages(through:texts:texter:)``: the link travels by the same mailer or SMS route.
    public func deliverAnswerLinks(_ delivery: AnswerLinkDelivery) {
        requesterMail.answerLinks.withLock { $0 = delivery }
    }

    /// Whether access answers go out as privacy-center links.
    public var deliversAnswerLinks: Bool {
        sendsRequesterMessages && requesterMail.answerLinks.withLock { $0 != nil }
    }

    /// Makes a new one-time link to a completed access answer and sends it to the person's contact on file (e-mail,
    /// else phone by SMS), never to a contact a caller gives. Any earlier link of the request and any answer session
    /// it opened stop working in the same transaction.
    ///
    /// The vault keeps only the keyed digest of the link (Keyring's ``SecretDigest``, as for download links), in
    /// `web_link` under a digest naming the request; `request.answer_link` is audited with the reference and expiry.
    /// - Returns: The message's outcome on the case: `sent`, `failed…`, `no_email` or `no_match`.
    /// - Throws: ``GatewayError``: `refused` without `export`, `notFound`, `invalidArgument` when the request is not a
    ///   completed access request or no mailer and privacy-center address are configured.
    @discardableResult
    public func issueAnswerLink(for reference: String, principal: Principal) async throws -> String {
        let request = try await request(reference, principal: principal)
        try await require(.export, principal, auditAction: .requestAnswerLink, subject: request.subject)
        guard request.kind == .access, request.state == .completed else {
            throw GatewayError(.invalidArgument, "\(reference) is not a completed access request")
        }
        guard deliversAnswerLinks, let delivery = requesterMail.answerLinks.withLock({ $0 }) else {
            throw GatewayError(.invalidArgument, "no mailer or privacy-center address is configured, so no answer "
                + "link can be sent")
        }
        let token = Self.randomWebSecret()
        let now = nowSeconds
        let expires = now + Int64(delivery.lifetime)
        let row = (digest: answerLinkDigest(token),
                   link: StoredLink(sessionDigest: answerOwnerDigest(reference), reference: reference,
                                    format: Self.answerLinkFormat, expiresAt: expires))
        try await audited(by: principal, at: now) { tx, log in
            let voided = try tx.deleteLinks(sessionDigest: row.link.sessionDigest)
            try tx.deleteWebSessions(kind: WebSession.Kind.answer.rawValue, subject: reference)
            try tx.insertLinks([row])
            try log.record(.requestAnswerLink, subject: request.subject,
                           detail: "\(reference) expires=\(expires) replaced=\(voided)")
        }
        let zone = timeZone(ofJurisdiction: request.jurisdiction)
        let until = Date(timeIntervalSince1970: TimeInterval(expires))
        return await notifyRequester(.answerLink, about: request, values: [
            "link": "\(delivery.baseURL)/privacy/a/\(token)",
            "link_expires": CalendarDay(until, in: zone).description,
        ], principal: principal)
    }

    /// Opens an answer link: once, before it expires. The link is gone either way; a live one opens an answer
    /// session (``WebSession/Kind/answer``) naming the request, which reads that answer and nothing else.
    ///
    /// - Returns: The session, or nil for a wrong, used, replaced or expired link (the caller says no more).
    public func openAnswerLink(_ token: String, lifetime: TimeInterval, now: Date) async throws -> WebSession? {
        guard !token.isEmpty else { return nil }
        let digest = answerLinkDigest(token)
        let seconds = Int64(now.timeIntervalSince1970)
        guard let link = try await vault.writeGrouped({ tx in try tx.takeLink(digest: digest) }),
            link.format == Self.answerLinkFormat, link.expiresAt > seconds,
            Sodium.constantTimeEqual(link.sessionDigest, answerOwnerDigest(link.reference))
        else { return nil }
        return try await openWebSession(.answer, subject: link.reference, tokenHash: nil, lifetime: lifetime,
                                        now: now)
    }

    /// The access answer an answer session reads (HTML and JSON), as the privacy center gives it: free text only
    /// once the officer has reviewed it. Audited (`request.answer`) as the privacy center's own downloads.
    public func answerFiles(in session: WebSession, language: Language) async throws -> AccessAnswerFiles? {
        guard session.kind == .answer, let reference = session.subject else { return nil }
        guard let subject = try await request(reference, principal: Self.privacyCenter).subject
            .flatMap(SubjectID.init)
        else { return nil }
        return try await accessAnswer(of: reference, for: subject, language: language, principal: Self.privacyCenter)
    }

    static let answerLinkFormat = "answer"

    /// The digest an answer link is filed under in `web_link` (where a download link has its session's).
    private func answerOwnerDigest(_ reference: String) -> [UInt8] {
        keyring.secretDigest.digest(reference, purpose: "privacy.answer.request")
    }

    private func answerLinkDigest(_ token: String) -> [UInt8] {
        keyring.secretDigest.digest(token, purpose: "privacy.answer")
    }
}
