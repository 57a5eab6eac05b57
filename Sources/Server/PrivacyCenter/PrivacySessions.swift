import Foundation
import Gateway

/// The privacy center's signed-in people and their one-time download links, in the vault
/// (``Gateway/openPrivacySession(subject:lifetime:now:)``), so any gateway instance serves them and a restart keeps
/// them.
///
/// A session lasts half an hour and a link a quarter of an hour by default. A download link is a random token (never
/// an address or a reference) that works once, before it expires, and only in the session it was made for.
final class PrivacySessions: Sendable {
    /// What a download link gives.
    struct Download: Sendable, Equatable {
        var reference: String
        var format: String
    }

    private let gateway: Gateway
    private let lifetime: TimeInterval
    private let linkLifetime: TimeInterval
    private let clock: @Sendable () -> Date

    init(gateway: Gateway, lifetime: TimeInterval, linkLifetime: TimeInterval,
         clock: @escaping @Sendable () -> Date) {
        self.gateway = gateway
        self.lifetime = lifetime
        self.linkLifetime = linkLifetime
        self.clock = clock
    }

    /// Signs a verified person in.
    func open(subject: String) async throws -> PrivacySession {
        let web = try await gateway.openPrivacySession(subject: subject, lifetime: lifetime, now: clock())
        guard let session = PrivacySession(web) else { preconditionFailure("a privacy session names its person") }
        return session
    }

    /// The live session with this id.
    func session(_ id: String) async throws -> PrivacySession? {
        try await gateway.webSession(id: id, kind: .privacy, now: clock()).flatMap(PrivacySession.init)
    }

    /// Signs out, voiding the session's links.
    func close(_ id: String) async throws {
        try await gateway.closeWebSession(id: id)
    }

    /// New one-time link tokens for downloads in a session, in the order given.
    func links(_ downloads: [Download], in session: PrivacySession) async throws -> [String] {
        try await gateway.makeDownloadLinks(downloads.map { ($0.reference, $0.format) }, in: session.web,
                                            lifetime: linkLifetime, now: clock())
    }

    /// Redeems a link: its download once, if it is live and belongs to this session; the link is gone either way.
    func redeem(_ token: String, in session: PrivacySession) async throws -> Download? {
        try await gateway.redeemDownloadLink(token, in: session.web, now: clock())
            .map { Download(reference: $0.reference, format: $0.format) }
    }

    /// Opens a one-time answer link: a session reading that one answer, or nil for a wrong, used or expired link.
    func openAnswer(_ token: String) async throws -> WebSession? {
        try await gateway.openAnswerLink(token, lifetime: lifetime, now: clock())
    }

    /// The live answer session with this id.
    func answerSession(_ id: String) async throws -> WebSession? {
        try await gateway.webSession(id: id, kind: .answer, now: clock())
    }

    /// Seconds a new session lasts.
    var seconds: Int { Int(lifetime) }
}
