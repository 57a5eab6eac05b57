public import Core
public import Foundation
import Keyring
import Vault

extension Gateway {
    /// Opens a console session for an API token that has just authenticated.
    ///
    /// The vault keeps the keyed digest of the session id and the token's SHA-256 (as the token table does), never
    /// the token: each page re-authenticates that hash, so a revoked or expired token ends the session.
    /// - Parameters:
    ///   - lifetime: Seconds the session lasts.
    ///   - now: The caller's clock.
    public func openConsoleSession(token: String, lifetime: TimeInterval, now: Date) async throws -> WebSession {
        try await openWebSession(.console, subject: nil, tokenHash: Self.tokenHash(token), lifetime: lifetime, now: now)
    }

    /// Opens a privacy-center session for a person who has just entered their code.
    public func openPrivacySession(subject: String, lifetime: TimeInterval, now: Date) async throws -> WebSession {
        try await openWebSession(.privacy, subject: subject, tokenHash: nil, lifetime: lifetime, now: now)
    }

    /// The live session of a kind with this id, from whichever gateway instance opened it.
    public func webSession(id: String, kind: WebSession.Kind, now: Date) async throws -> WebSession? {
        guard !id.isEmpty else { return nil }
        let digest = sessionDigest(id)
        let seconds = Int64(now.timeIntervalSince1970)
        guard let stored = try await vault.read({ tx in
            try tx.webSession(digest: digest, kind: kind.rawValue, now: seconds)
        }) else { return nil }
        return WebSession(id: id, kind: kind, subject: stored.subject, csrf: csrf(of: id),
                          expires: Date(timeIntervalSince1970: TimeInterval(stored.expiresAt)),
                          tokenHash: stored.tokenHash)
    }

    /// Ends a session, voiding its download links.
    public func closeWebSession(id: String) async throws {
        let digest = sessionDigest(id)
        try await vault.writeGrouped { tx in try tx.deleteWebSession(digest: digest) }
    }

    /// The principal of a console session's token, or nil when the token no longer authenticates (revoked,
    /// expired, its role gone); a revocation on another instance is seen within a second (``TokenCache``).
    public func authenticate(session: WebSession) async throws -> Principal? {
        guard session.kind == .console, let hash = session.tokenHash else { return nil }
        return try await authenticate(tokenHash: hash)
    }

    /// New one-time links for downloads in a privacy-center session, made in one transaction: a random token per
    /// download, kept as its keyed digest with the session's, what it gives and its expiry.
    /// - Returns: The tokens, in the order of `downloads`.
    public func makeDownloadLinks(_ downloads: [(reference: String, format: String)], in session: WebSession,
                                  lifetime: TimeInterval, now: Date) async throws -> [String] {
        guard !downloads.isEmpty else { return [] }
        let tokens = downloads.map { _ in Self.randomWebSecret() }
        let sessionDigest = sessionDigest(session.id)
        let expires = Int64(now.addingTimeInterval(lifetime).timeIntervalSince1970)
        let rows = zip(tokens, downloads).map { token, download in
            (digest: linkDigest(token), link: StoredLink(sessionDigest: sessionDigest, reference: download.reference,
                                                         format: download.format, expiresAt: expires))
        }
        try await vault.writeGrouped { tx in try tx.insertLinks(rows) }
        return tokens
    }

    /// Redeems a link: what it gives, once, if it is live and was made in this session; the link is gone either way.
    public func redeemDownloadLink(_ token: String, in session: WebSession, now: Date) async throws
        -> (reference: String, format: String)?
    {
        guard !token.isEmpty else { return nil }
        let digest = linkDigest(token)
        let sessionDigest = sessionDigest(session.id)
        let seconds = Int64(now.timeIntervalSince1970)
        guard let link = try await vault.writeGrouped({ tx in try tx.takeLink(digest: digest) }),
            Sodium.constantTimeEqual(link.sessionDigest, sessionDigest), link.expiresAt > seconds
        else { return nil }
        return (link.reference, link.format)
    }

    func openWebSession(_ kind: WebSession.Kind, subject: String?, tokenHash: [UInt8]?,
                                lifetime: TimeInterval, now: Date) async throws -> WebSession {
        let id = Self.randomWebSecret()
        let expires = now.addingTimeInterval(lifetime)
        let stored = StoredWebSession(subject: subject, tokenHash: tokenHash,
                                      expiresAt: Int64(expires.timeIntervalSince1970))
        let digest = sessionDigest(id)
        try await vault.writeGrouped { tx in try tx.insertWebSession(digest: digest, kind: kind.rawValue, stored) }
        return WebSession(id: id, kind: kind, subject: subject, csrf: csrf(of: id), expires: expires,
                          tokenHash: tokenHash)
    }

    private func sessionDigest(_ id: String) -> [UInt8] {
        keyring.secretDigest.digest(id, purpose: "web.session")
    }

    private func linkDigest(_ token: String) -> [UInt8] {
        keyring.secretDigest.digest(token, purpose: "privacy.link")
    }

    private func csrf(of id: String) -> String {
        Self.base64URL(keyring.secretDigest.digest(id, purpose: "web.csrf"))
    }
}
