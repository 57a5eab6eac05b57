import Foundation
import Gateway

/// Counts failed authentications per client address and blocks an address that fails too often.
///
/// After `limit` failures within `window`, the address gets 429 with `Retry-After` until the oldest of those
/// failures leaves the window. The counters are the vault's (``Gateway/countFailure(_:under:now:always:)``), keyed
/// by a keyed digest of the address: every gateway instance on the vault counts into the same window, so N
/// instances behind a load balancer allow the limit once, and a restart forgets nothing. The privacy center counts
/// other events with it too (codes asked for, wrong codes, sign-ups), keyed by client address or by its limiter
/// key of an e-mail or phone; each limiter has a scope of its own.
final class AuthFailureLimiter: Sendable {
    let limit: FailureLimit
    private let gateway: Gateway
    private let clock: @Sendable () -> Date

    init(gateway: Gateway, scope: String, limit: Int, window: TimeInterval, clock: @escaping @Sendable () -> Date) {
        self.gateway = gateway
        self.limit = FailureLimit(scope: scope, limit: limit, window: window)
        self.clock = clock
    }

    /// Seconds until `client` may try again, or nil when it is not blocked.
    func retryAfter(for client: String) async throws -> Int? {
        try await gateway.failureRetryAfter(client, under: limit, now: clock())
    }

    /// Records one failure from `client`, blocked or not.
    func recordFailure(for client: String) async throws {
        try await gateway.countFailure(client, under: limit, now: clock(), always: true)
    }

    /// Records one failure from `client` unless it is blocked; returns the seconds to wait when it is.
    func admit(_ client: String) async throws -> Int? {
        try await gateway.countFailure(client, under: limit, now: clock())
    }
}
