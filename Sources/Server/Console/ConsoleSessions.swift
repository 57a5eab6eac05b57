import Core
import Foundation
import Gateway

/// The console's sessions, with a fixed lifetime, in the vault (``Gateway/openConsoleSession(token:lifetime:now:)``):
/// a session opened on one gateway instance works on every other on the same vault, and survives a restart.
final class ConsoleSessions: Sendable {
    private let gateway: Gateway
    private let lifetime: TimeInterval
    private let clock: @Sendable () -> Date

    init(gateway: Gateway, lifetime: TimeInterval, clock: @escaping @Sendable () -> Date) {
        self.gateway = gateway
        self.lifetime = lifetime
        self.clock = clock
    }

    /// Opens a session for a token that has just authenticated.
    func open(token: String) async throws -> ConsoleSession {
        ConsoleSession(web: try await gateway.openConsoleSession(token: token, lifetime: lifetime, now: clock()))
    }

    /// The live session with this id.
    func session(_ id: String) async throws -> ConsoleSession? {
        try await gateway.webSession(id: id, kind: .console, now: clock()).map(ConsoleSession.init(web:))
    }

    /// The principal of a session's token, or nil when the token no longer authenticates.
    func principal(of session: ConsoleSession) async throws -> Principal? {
        try await gateway.authenticate(session: session.web)
    }

    /// Ends a session.
    func close(_ id: String) async throws {
        try await gateway.closeWebSession(id: id)
    }

    /// Seconds a new session lasts.
    var seconds: Int { Int(lifetime) }

    /// 32 random bytes, base64url.
    static func random() -> String {
        Gateway.randomWebSecret()
    }
}
