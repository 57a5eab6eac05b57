import Core
import Foundation
import Synchronization

/// Recently verified API tokens, so that a busy API does not read the vault for every call's token.
///
/// Keyed by the token's SHA-256, never the token. An entry is trusted for ``freshness`` and never past the token's
/// own expiry. A revocation through this gateway empties the cache at once; one made by another process (`pdgate
/// token revoke` next to a running server, a second gateway on the same database) takes effect within
/// ``freshness``. Failed look-ups are not cached: each one is counted against its client.
final class TokenCache: Sendable {
    struct Entry: Sendable {
        let principal: Principal
        let expiresAt: Int64
        let verifiedAt: ContinuousClock.Instant
    }

    /// How long a verified token is trusted without reading the vault again.
    static let freshness: Duration = .seconds(1)
    /// More distinct live tokens than this empties the cache rather than letting it grow without bound.
    static let capacity = 4_096

    private let entries = Mutex<[[UInt8]: Entry]>([:])

    /// The principal of a token verified less than ``freshness`` ago and not expired at `now`.
    func principal(forHash hash: [UInt8], now: Int64) -> Principal? {
        let instant = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[hash] else { return nil }
            guard entry.expiresAt > now, instant - entry.verifiedAt < Self.freshness else {
                entries[hash] = nil
                return nil
            }
            return entry.principal
        }
    }

    /// Remembers a token the vault has just verified.
    func remember(hash: [UInt8], principal: Principal, expiresAt: Int64) {
        let entry = Entry(principal: principal, expiresAt: expiresAt, verifiedAt: ContinuousClock.now)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = entry
        }
    }

    /// Forgets every token, after a revocation.
    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
