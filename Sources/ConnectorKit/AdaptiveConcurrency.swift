/// How many requests a connector may have in flight: additive increase, multiplicative decrease (AIMD), never above
/// the service's documented cap.
///
/// Every answered request that was not an overload adds `1 / window` (about one more request in flight per
/// window of successes); an overload (HTTP 429, or 503 from a service shedding load) halves the window, at most
/// once per window of answers, so a burst of 429s from requests that were already in flight counts once.
public struct AdaptiveConcurrency: Sendable, Equatable {
    /// The hard cap: the service's documented limit of simultaneous requests (Mailchimp: 10), or the operator's
    /// lower setting.
    public let cap: Int
    /// The current window, between 1 and ``cap``.
    public private(set) var limit: Double
    private var answersSinceDecrease: Int

    /// Creates a limiter starting at `initial` requests in flight (clamped to `1...cap`).
    public init(cap: Int, initial: Int) {
        self.cap = max(1, cap)
        limit = Double(min(max(1, initial), self.cap))
        answersSinceDecrease = self.cap   // the first overload always counts
    }

    /// The number of requests that may be in flight now.
    public var window: Int { max(1, min(cap, Int(limit))) }

    /// Records an answer that was not an overload: the window grows by `1 / window`, up to ``cap``.
    public mutating func recordSuccess() {
        answersSinceDecrease += 1
        limit = min(Double(cap), limit + 1 / max(1, limit))
    }

    /// Records an overload answer: the window halves (never below 1), once per window of answers.
    ///
    /// - Returns: Whether the window was already at its minimum of 1 (the service wants even one request to wait).
    @discardableResult
    public mutating func recordOverload() -> Bool {
        let wasMinimal = window == 1
        answersSinceDecrease += 1
        guard answersSinceDecrease >= window || wasMinimal else { return wasMinimal }
        limit = max(1, (limit / 2).rounded(.down))
        answersSinceDecrease = 0
        return wasMinimal
    }
}
