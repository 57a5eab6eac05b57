import Foundation
import Gateway

/// The one-time codes of the privacy center, in the vault (``Gateway/issueChallenge(lifetime:attempts:now:)``).
///
/// A code is 6 digits from libsodium's uniform random generator; the vault keeps only keyed digests of it and of
/// its challenge token, with its expiry and the attempts left, so a code sent by one gateway instance is accepted by
/// any other on the same vault. A visitor naming nobody gets a challenge too (with a code nobody is sent, which
/// never verifies), so the pages and the work done are the same whether or not the person exists.
final class PrivacyChallenges: Sendable {
    typealias Outcome = ChallengeOutcome

    private let gateway: Gateway
    private let lifetime: TimeInterval
    private let attempts: Int
    private let clock: @Sendable () -> Date

    init(gateway: Gateway, lifetime: TimeInterval, attempts: Int, clock: @escaping @Sendable () -> Date) {
        self.gateway = gateway
        self.lifetime = lifetime
        self.attempts = max(1, attempts)
        self.clock = clock
    }

    /// A new challenge naming nobody yet: the token that names it in the next form, and the code to send.
    func issue() async throws -> (token: String, code: String) {
        try await gateway.issueChallenge(lifetime: lifetime, attempts: attempts, now: clock())
    }

    /// Names the person a challenge belongs to, once the background lookup has found them; the code can verify from
    /// then on. False when the challenge is gone or already names someone.
    func assign(_ token: String, to subject: String) async throws -> Bool {
        try await gateway.assignChallenge(token, to: subject)
    }

    /// Checks a guess; a right one ends the challenge, a wrong one uses an attempt.
    func verify(token: String, code: String) async throws -> Outcome {
        try await gateway.verifyChallenge(token: token, code: code, now: clock())
    }
}
