import Foundation
import Keyring
import Synchronization

/// The console's sessions, by id, with a fixed lifetime.
final class ConsoleSessions: Sendable {
    private let sessions = Mutex<[String: ConsoleSession]>([:])
    private let lifetime: TimeInterval
    private let clock: @Sendable () -> Date
    private static let maximum = 1_000

    init(lifetime: TimeInterval, clock: @escaping @Sendable () -> Date) {
        self.lifetime = lifetime
        self.clock = clock
    }

    /// Opens a session for a token that has just authenticated.
    func open(token: String) -> ConsoleSession {
        let now = clock()
        let session = ConsoleSession(id: Self.random(), token: token, csrf: Self.random(),
                                     expires: now.addingTimeInterval(lifetime))
        sessions.withLock { table in
            table = table.filter { $0.value.expires > now }
            if table.count >= Self.maximum, let oldest = table.min(by: { $0.value.expires < $1.value.expires }) {
                table[oldest.key] = nil
            }
            table[session.id] = session
        }
        return session
    }

    /// The live session with this id.
    func session(_ id: String) -> ConsoleSession? {
        let now = clock()
        return sessions.withLock { table in
            guard let session = table[id] else { return nil }
            guard session.expires > now else {
                table[id] = nil
                return nil
            }
            return session
        }
    }

    /// Ends a session.
    func close(_ id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    /// Seconds a new session lasts.
    var seconds: Int { Int(lifetime) }

    /// 32 random bytes, base64url.
    static func random() -> String {
        Data(Sodium.randomBytes(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
