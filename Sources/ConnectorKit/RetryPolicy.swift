public import Foundation

/// When to retry a failed event: exponential backoff with full jitter, and when to give up.
public struct RetryPolicy: Sendable, Equatable {
    /// Failed attempts after which an event is dead-lettered; rate-limit answers are not counted.
    public var maxAttempts: Int
    /// The first backoff's upper bound.
    public var baseDelay: TimeInterval
    /// The cap on any backoff.
    public var maxDelay: TimeInterval
    /// The wait after a 429 that carried no `Retry-After` (jittered by ±50 %).
    public var rateLimitDelay: TimeInterval

    /// Creates a policy; defaults give up after about an hour of failures.
    public init(
        maxAttempts: Int = 10,
        baseDelay: TimeInterval = 1,
        maxDelay: TimeInterval = 900,
        rateLimitDelay: TimeInterval = 5
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.rateLimitDelay = rateLimitDelay
    }

    /// The "full jitter" backoff after the `attempt`-th failure (1-based): uniform in
    /// `0 ... min(maxDelay, baseDelay · 2^(attempt-1))`.
    public func backoff(afterAttempt attempt: Int, random: Double) -> TimeInterval {
        let exponent = Double(max(0, min(attempt - 1, 52)))
        let ceiling = min(maxDelay, baseDelay * pow(2, exponent))
        return ceiling * min(max(random, 0), 1)
    }

    /// The wait after a rate-limit answer: the service's `Retry-After` if given, else ``rateLimitDelay`` ±50 %.
    public func rateLimitWait(retryAfter: Duration?, random: Double) -> TimeInterval {
        if let retryAfter {
            let (seconds, attoseconds) = retryAfter.components
            return min(maxDelay, Double(seconds) + Double(attoseconds) / 1e18)
        }
        return rateLimitDelay * (0.5 + min(max(random, 0), 1))
    }
}
