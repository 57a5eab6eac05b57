import Foundation
import Keyring
import Synchronization

/// The one-time codes of the privacy center, in server memory only.
///
/// A code is 6 digits from libsodium's uniform random generator. Only its keyed hash (BLAKE2b under a key made at
/// start and never stored) is kept, with its expiry and the attempts left; a guess is compared in constant time.
/// Memory is enough: a code lives minutes, and after a restart the person asks for a new one. A visitor naming
/// nobody gets a challenge too (with a code nobody is sent, which never verifies), so the pages and the work done
/// are the same whether or not the person exists.
final class PrivacyChallenges: Sendable {
    /// What a guess did.
    enum Outcome: Equatable {
        case verified(subject: String)
        case wrong(attemptsLeft: Int)
        /// Unknown, expired or out of attempts: ask for a new code.
        case void
    }

    private struct Challenge {
        var digest: [UInt8]
        /// Nil for a visitor who named nobody.
        var subject: String?
        var expires: Date
        var attemptsLeft: Int
    }

    private let challenges = Mutex<[String: Challenge]>([:])
    private let key = Sodium.randomBytes(32)
    private let lifetime: TimeInterval
    private let attempts: Int
    private let clock: @Sendable () -> Date
    private static let maximum = 50_000

    init(lifetime: TimeInterval, attempts: Int, clock: @escaping @Sendable () -> Date) {
        self.lifetime = lifetime
        self.attempts = max(1, attempts)
        self.clock = clock
    }

    /// A new challenge: the token that names it in the next form, and the code to send (for `subject` nil, a code
    /// that is never sent and never verifies).
    func issue(for subject: String?) -> (token: String, code: String) {
        let code = String(format: "%06u", Sodium.uniformRandom(below: 1_000_000))
        let token = ConsoleSessions.random()
        let now = clock()
        let challenge = Challenge(digest: digest(code, token: token), subject: subject,
                                  expires: now.addingTimeInterval(lifetime), attemptsLeft: attempts)
        challenges.withLock { table in
            if table.count >= Self.maximum { table = table.filter { $0.value.expires > now } }
            if table.count >= Self.maximum, let oldest = table.min(by: { $0.value.expires < $1.value.expires }) {
                table[oldest.key] = nil
            }
            table[token] = challenge
        }
        return (token, code)
    }

    /// Names the person a challenge issued for nobody belongs to, once the background lookup has found them; the
    /// code can verify from then on. False when the challenge is gone or already names someone.
    func assign(_ token: String, to subject: String) -> Bool {
        challenges.withLock { table in
            guard var challenge = table[token], challenge.subject == nil else { return false }
            challenge.subject = subject
            table[token] = challenge
            return true
        }
    }

    /// Checks a guess; a right one ends the challenge, a wrong one uses an attempt.
    func verify(token: String, code: String) -> Outcome {
        let guess = digest(code.trimmingCharacters(in: .whitespaces), token: token)
        let now = clock()
        return challenges.withLock { table -> Outcome in
            guard var challenge = table[token], challenge.expires > now, challenge.attemptsLeft > 0 else {
                table[token] = nil
                return .void
            }
            // Compared for everyone, so a visitor naming nobody takes the same path.
            let matches = Sodium.constantTimeEqual(guess, challenge.digest)
            if matches, let subject = challenge.subject {
                table[token] = nil
                return .verified(subject: subject)
            }
            challenge.attemptsLeft -= 1
            table[token] = challenge.attemptsLeft > 0 ? challenge : nil
            return challenge.attemptsLeft > 0 ? .wrong(attemptsLeft: challenge.attemptsLeft) : .void
        }
    }

    private func digest(_ code: String, token: String) -> [UInt8] {
        Sodium.blake2b(Array("\(token):\(code)".utf8), key: key)
    }
}
