import Core
import Foundation
import Gateway
import Logging

/// Checks tokens for the API and the console, counting failures per client for rate limiting.
struct Authenticator: Sendable {
    let gateway: Gateway
    let limiter: AuthFailureLimiter
    let resolver: ClientAddressResolver
    let metrics: ServerMetrics

    /// The principal of a token.
    ///
    /// A valid token always gets in, however many failures its client's address has: tokens are 256-bit secrets, so
    /// the limit is against guessing, and letting one client's garbage lock out valid tokens (or everyone behind a
    /// shared proxy address) would make the limiter itself the attack. An invalid token is counted against the
    /// client; once the client is over the limit its invalid tokens get 429 with `Retry-After` instead of 401.
    func authenticate(token: String, client: String, logger: Logger) async throws -> Principal {
        if !token.isEmpty, let principal = try await gateway.authenticate(token: token) {
            return principal
        }
        metrics.recordAuthFailure()
        logger.notice("Authentication failed")
        if let seconds = try await limiter.admit(client) {
            throw APIError.tooManyFailures(retryAfter: seconds)
        }
        throw APIError.unauthorized("the token is not valid (unknown, expired or revoked)")
    }
}
