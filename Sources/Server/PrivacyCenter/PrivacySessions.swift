import Foundation
import Synchronization

/// The privacy center's signed-in people and their one-time download links, in server memory.
///
/// Memory is enough: a session lasts half an hour and a link a quarter of an hour; after a restart the person asks
/// for a new code. A download link is a random token (never an address or a reference) that works once, before it
/// expires, and only in the session it was made for.
final class PrivacySessions: Sendable {
    /// What a download link gives.
    struct Download: Sendable, Equatable {
        var reference: String
        var format: String
    }

    private struct Link {
        var session: String
        var download: Download
        var expires: Date
    }

    private struct State {
        var sessions: [String: PrivacySession] = [:]
        var links: [String: Link] = [:]
    }

    private let state = Mutex(State())
    private let lifetime: TimeInterval
    private let linkLifetime: TimeInterval
    private let clock: @Sendable () -> Date
    private static let maximum = 10_000

    init(lifetime: TimeInterval, linkLifetime: TimeInterval, clock: @escaping @Sendable () -> Date) {
        self.lifetime = lifetime
        self.linkLifetime = linkLifetime
        self.clock = clock
    }

    /// Signs a verified person in.
    func open(subject: String) -> PrivacySession {
        let now = clock()
        let session = PrivacySession(id: ConsoleSessions.random(), subject: subject, csrf: ConsoleSessions.random(),
                                     expires: now.addingTimeInterval(lifetime))
        state.withLock { state in
            if state.sessions.count >= Self.maximum {
                state.sessions = state.sessions.filter { $0.value.expires > now }
                state.links = state.links.filter { $0.value.expires > now }
            }
            if state.sessions.count >= Self.maximum,
                let oldest = state.sessions.min(by: { $0.value.expires < $1.value.expires }) {
                state.sessions[oldest.key] = nil
            }
            state.sessions[session.id] = session
        }
        return session
    }

    /// The live session with this id.
    func session(_ id: String) -> PrivacySession? {
        let now = clock()
        return state.withLock { state in
            guard let session = state.sessions[id], session.expires > now else {
                state.sessions[id] = nil
                return nil
            }
            return session
        }
    }

    /// Signs out, voiding the session's links.
    func close(_ id: String) {
        state.withLock { state in
            state.sessions[id] = nil
            state.links = state.links.filter { $0.value.session != id }
        }
    }

    /// A new one-time link token for a download in a session.
    func link(_ download: Download, in session: PrivacySession) -> String {
        let token = ConsoleSessions.random()
        let now = clock()
        state.withLock { state in
            if state.links.count >= Self.maximum * 4 { state.links = state.links.filter { $0.value.expires > now } }
            state.links[token] = Link(session: session.id, download: download,
                                      expires: now.addingTimeInterval(linkLifetime))
        }
        return token
    }

    /// Redeems a link: its download once, if it is live and belongs to this session; the link is gone either way.
    func redeem(_ token: String, in session: PrivacySession) -> Download? {
        let now = clock()
        return state.withLock { state in
            guard let link = state.links.removeValue(forKey: token), link.session == session.id, link.expires > now
            else { return nil }
            return link.download
        }
    }

    /// Seconds a new session lasts.
    var seconds: Int { Int(lifetime) }
}
