import Foundation
import Gateway
import Logging

/// Checks tokens for the API and the console, counting failures per client for rate limiting.
struct Authenticator: Sendable {
    let gateway: Gateway
    let limiter: AuthFailureLimiter
    let resolver: ClientAddressResolver
    let metrics: ServerMetrics

    /// Throws 429 when `client` has failed too often recently.
    func checkNotBlocked(_ client: String) throws {
        if let seconds = limiter.retryAfter(for: client) {
            throw APIError.tooManyFailures(retryAfter: seconds)
        }
    }

    /// The principal of a token; a failure is counted and raised as 401.
    func authenticate(token: String, client: String, logger: Logger) async throws -> Principal {
        if !token.isEmpty, let principal = try await gateway.authenticate(token: token) {
            return principal
        }
        limiter.recordFailure(for: client)
        metrics.recordAuthFailure()
        logger.notice("Authentication failed")
        throw APIError.unauthorized("the token is not valid (unknown, expired or revoked)")
    }
}
