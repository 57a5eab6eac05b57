import Foundation
@testable import Gateway
import Testing

/// The window arithmetic of the shared failure counters: what is still counted, when a key is blocked, for how
/// long, and when its row may go.
@Suite("Failure limits: a sliding window of the newest failures")
struct FailureLimitTests {
    let limit = FailureLimit(scope: "test", limit: 3, window: 60)

    @Test("Failures older than the window no longer count; the limit blocks only once reached")
    func windowSlides() {
        let now: Int64 = 1_000_000
        #expect(limit.recent([now - 60_000, now - 59_999, now - 1], now: now) == [now - 59_999, now - 1])
        #expect(limit.retryAfter([now - 10_000, now - 5_000], now: now) == nil)
        // Blocked until the oldest of the last three leaves the window: 50 s, rounded up.
        #expect(limit.retryAfter([now - 10_000, now - 5_000, now - 1], now: now) == 50)
        #expect(limit.retryAfter([now - 59_999, now - 5_000, now - 1], now: now) == 1)
    }

    @Test("Only the newest `limit` failures are kept, and the row expires a window after the newest")
    func keepsNewest() {
        let times: [Int64] = [1_000, 2_000, 3_000]
        #expect(limit.adding(4_000, to: times) == [2_000, 3_000, 4_000])
        #expect(limit.expiry(of: [2_000, 3_500]) == 64)
        #expect(limit.expiry(of: []) == 0)
        #expect(FailureLimit(scope: "x", limit: 0, window: 1).limit == 1)
    }
}
