public import Foundation
import Keyring
import Vault

/// What a guess at a one-time code of the privacy center did.
public enum ChallengeOutcome: Sendable, Equatable {
    /// The right code: the challenge is over and the person may sign in.
    case verified(subject: String)
    /// A wrong code, with the attempts the challenge has left.
    case wrong(attemptsLeft: Int)
    /// Unknown, expired or out of attempts: ask for a new code.
    case void
}

extension Gateway {
    /// Starts a challenge: a 6-digit code from libsodium's uniform random generator, and the random token that names
    /// the challenge in the next form. The challenge names nobody until ``assignChallenge(_:to:)``.
    ///
    /// The vault keeps only keyed digests of the token and of the code (Keyring's ``SecretDigest``), with the expiry
    /// and the attempts left, so every gateway instance on the vault can check the code, and a restart keeps it.
    /// - Parameters:
    ///   - lifetime: Seconds the code works.
    ///   - attempts: Guesses allowed (at least 1).
    ///   - now: The caller's clock.
    /// - Returns: The token for the form and the code to send.
    public func issueChallenge(lifetime: TimeInterval, attempts: Int, now: Date) async throws
        -> (token: String, code: String)
    {
        let code = String(format: "%06u", Sodium.uniformRandom(below: 1_000_000))
        let token = Self.randomWebSecret()
        let challenge = StoredChallenge(codeDigest: codeDigest(code, token: token), subject: nil,
                                        attemptsLeft: max(1, attempts),
                                        expiresAt: Int64(now.addingTimeInterval(lifetime).timeIntervalSince1970))
        let digest = keyring.secretDigest.digest(token, purpose: "privacy.challenge")
        // A public form makes these rows: those expired for an hour go now, not only at night, so a flood of code
        // requests from many addresses cannot grow the table for a day. (A code just expired stays a while: the
        // background job that names its person may still be queued behind the mail server.)
        let sweepBefore = Int64(now.timeIntervalSince1970) - 3_600
        // Like every web-state write, grouped with the writes arriving beside it (each in its own savepoint): a
        // busy privacy center pays one commit per batch of code requests, not one each.
        try await vault.writeGrouped { tx in
            try tx.deleteChallenges(expiredBy: sweepBefore)
            try tx.insertChallenge(digest: digest, challenge)
        }
        return (token, code)
    }

    /// Names the person a challenge belongs to, once the background lookup has found them; the code verifies from
    /// then on. False when the challenge is gone or already names someone.
    public func assignChallenge(_ token: String, to subject: String) async throws -> Bool {
        let digest = keyring.secretDigest.digest(token, purpose: "privacy.challenge")
        return try await vault.writeGrouped { tx in try tx.assignChallenge(digest: digest, to: subject) }
    }

    /// Checks a guess: a right one ends the challenge, a wrong one uses an attempt, the last wrong one ends it.
    ///
    /// The guess is compared in constant time whether or not the challenge names anyone, so a visitor who named
    /// nobody takes the same path. The challenge's row stays locked while it is checked: of two instances checking
    /// the same challenge at once, the second sees the first's attempt.
    public func verifyChallenge(token: String, code: String, now: Date) async throws -> ChallengeOutcome {
        let digest = keyring.secretDigest.digest(token, purpose: "privacy.challenge")
        let guess = codeDigest(code.trimmingCharacters(in: .whitespaces), token: token)
        let nowSeconds = Int64(now.timeIntervalSince1970)
        return try await vault.writeGrouped { tx -> ChallengeOutcome in
            guard let challenge = try tx.challenge(digest: digest) else { return .void }
            guard challenge.expiresAt > nowSeconds, challenge.attemptsLeft > 0 else {
                try tx.deleteChallenge(digest: digest)
                return .void
            }
            let matches = Sodium.constantTimeEqual(guess, challenge.codeDigest)
            if matches, let subject = challenge.subject {
                try tx.deleteChallenge(digest: digest)
                return .verified(subject: subject)
            }
            let left = challenge.attemptsLeft - 1
            guard left > 0 else {
                try tx.deleteChallenge(digest: digest)
                return .void
            }
            try tx.setChallengeAttempts(digest: digest, left: left)
            return .wrong(attemptsLeft: left)
        }
    }

    /// 32 random bytes in base64url: a session id, a challenge or a link token.
    public static func randomWebSecret() -> String {
        base64URL(Sodium.randomBytes(32))
    }

    private func codeDigest(_ code: String, token: String) -> [UInt8] {
        keyring.secretDigest.digest("\(token):\(code)", purpose: "privacy.code")
    }
}
