public import Foundation

/// A rate limit on failures (or other counted events) per key: after ``limit`` of them within ``window``, the key
/// waits until the oldest of those leaves the window.
///
/// The counters live in the vault (``Gateway/countFailure(_:under:now:)``), so every gateway instance on it counts
/// into the same window: N instances behind a load balancer allow the limit once, not N times.
public struct FailureLimit: Sendable, Equatable {
    /// What is counted (`auth`, `privacy.client`, …): the same key in two scopes has two counters.
    public var scope: String
    public var limit: Int
    /// Seconds.
    public var window: TimeInterval

    public init(scope: String, limit: Int, window: TimeInterval) {
        self.scope = scope
        self.limit = max(1, limit)
        self.window = window
    }

    /// The failures of `times` (Unix milliseconds, oldest first) still inside the window at `now`.
    func recent(_ times: [Int64], now: Int64) -> [Int64] {
        times.filter { now - $0 < windowMilliseconds }
    }

    /// Seconds until a key with these `recent` failures may try again, or nil when it is not blocked.
    func retryAfter(_ recent: [Int64], now: Int64) -> Int? {
        guard recent.count >= limit, let oldest = recent.suffix(limit).first else { return nil }
        let left = Double(windowMilliseconds - (now - oldest)) / 1_000
        return max(1, Int(left.rounded(.up)))
    }

    /// `recent` with a failure at `now` added, keeping the newest ``limit`` only.
    func adding(_ now: Int64, to recent: [Int64]) -> [Int64] {
        Array((recent + [now]).suffix(limit))
    }

    /// When a counter holding `times` has nothing left in its window (Unix seconds, rounded up).
    func expiry(of times: [Int64]) -> Int64 {
        guard let newest = times.last else { return 0 }
        return (newest + windowMilliseconds + 999) / 1_000
    }

    private var windowMilliseconds: Int64 { Int64((window * 1_000).rounded(.up)) }
}
