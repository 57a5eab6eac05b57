import Foundation
import Synchronization

/// Counts failed authentications per client address and blocks an address that fails too often.
///
/// After `limit` failures within `window`, the address gets 429 with `Retry-After` until the oldest of those
/// failures leaves the window. Memory is bounded: idle addresses are dropped once the table grows. The privacy
/// center counts other events with it too (codes asked for, wrong codes, sign-ups), keyed by client address or by a
/// keyed hash of an e-mail or phone.
final class AuthFailureLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    private let clock: @Sendable () -> Date
    private let failures = Mutex<[String: [Date]]>([:])
    private static let pruneThreshold = 10_000

    init(limit: Int, window: TimeInterval, clock: @escaping @Sendable () -> Date) {
        self.limit = max(1, limit)
        self.window = window
        self.clock = clock
    }

    /// Seconds until `client` may try again, or nil when it is not blocked.
    func retryAfter(for client: String) -> Int? {
        let now = clock()
        let window = self.window
        let limit = self.limit
        return failures.withLock { table -> Int? in
            guard var recent = table[client] else { return nil }
            recent.removeAll { now.timeIntervalSince($0) >= window }
            table[client] = recent.isEmpty ? nil : recent
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
        }
    }

    /// Records one failed authentication from `client`.
    func recordFailure(for client: String) {
        let now = clock()
        let window = self.window
        let limit = self.limit
        failures.withLock { table in
            var recent = table[client] ?? []
            recent.removeAll { now.timeIntervalSince($0) >= window }
            recent.append(now)
            if recent.count > limit { recent.removeFirst(recent.count - limit) }
            table[client] = recent
            if table.count > Self.pruneThreshold {
                table = table.filter { _, dates in dates.contains { now.timeIntervalSince($0) < window } }
            }
        }
    }
}
