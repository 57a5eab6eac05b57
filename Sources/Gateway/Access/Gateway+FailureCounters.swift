public import Foundation
import Keyring
import Vault

extension Gateway {
    /// Seconds until `key` may try again under `limit`, or nil when it is not blocked; counts nothing.
    ///
    /// The key (a client address, an e-mail's limiter key) is kept in the vault as its keyed digest only.
    public func failureRetryAfter(_ key: String, under limit: FailureLimit, now: Date) async throws -> Int? {
        let digest = failureDigest(key, limit)
        let millis = Self.milliseconds(now)
        let times = try await vault.read { tx in try tx.failureTimes(scope: limit.scope, digest: digest) }
        return limit.retryAfter(limit.recent(times, now: millis), now: millis)
    }

    /// Counts one failure of `key` under `limit`, unless the key is blocked already: then nothing is counted and
    /// the seconds until it may try again are returned.
    ///
    /// The check and the count are one transaction on the counter's locked row, so concurrent failures on several
    /// instances never count past the limit unseen.
    /// - Parameter always: Count the failure even when the key is blocked (a wrong code entered anyway).
    @discardableResult
    public func countFailure(_ key: String, under limit: FailureLimit, now: Date, always: Bool = false)
        async throws -> Int?
    {
        let digest = failureDigest(key, limit)
        let millis = Self.milliseconds(now)
        return try await vault.writeGrouped { tx -> Int? in
            let recent = limit.recent(try tx.failureTimes(scope: limit.scope, digest: digest), now: millis)
            if let seconds = limit.retryAfter(recent, now: millis), !always {
                return seconds
            }
            let times = limit.adding(millis, to: recent)
            try tx.setFailureTimes(scope: limit.scope, digest: digest, times: times, expiresAt: limit.expiry(of: times))
            return nil
        }
    }

    private func failureDigest(_ key: String, _ limit: FailureLimit) -> [UInt8] {
        keyring.secretDigest.digest("\(limit.scope)\u{0}\(key)", purpose: "web.failure")
    }

    private static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000).rounded(.down))
    }
}
