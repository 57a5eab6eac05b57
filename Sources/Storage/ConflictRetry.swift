import Foundation

/// How a write transaction that lost to a concurrent one is run again: a bounded number of attempts, each after a
/// pause that doubles and is jittered, so two losers do not collide again in step.
///
/// Only the transient failures PostgreSQL asks clients to retry count: a serialisation failure (SQLSTATE 40001) and a
/// deadlock (40P01). A unique key taken meanwhile (23505) is a real conflict and is never retried.
public struct ConflictRetry: Sendable {
    /// How many times the transaction runs at most, the first included.
    public var attempts: Int
    /// The pause before the first retry, in seconds; each later one doubles it, and each is scaled by 0.5–1.5.
    public var baseDelay: Double

    public init(attempts: Int, baseDelay: Double) {
        self.attempts = max(1, attempts)
        self.baseDelay = max(0, baseDelay)
    }

    /// Five attempts, pausing about 5, 10, 20 and 40 ms between them.
    public static let standard = ConflictRetry(attempts: 5, baseDelay: 0.005)

    /// Whether `error` is a failure the transaction should be run again for.
    public static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? StorageError, error.code == .conflict else { return false }
        return error.state == "40001" || error.state == "40P01"
    }

    /// Runs `transaction`, again after a transient failure until the attempts are used up, blocking the calling
    /// thread during the pauses.
    ///
    /// - Parameter retrying: Told of each transient failure that is about to be retried, with the attempt it ended.
    /// - Throws: The last attempt's error, or the first error that is not transient.
    func run<T>(_ transaction: () throws -> T, retrying: (StorageError, Int) -> Void) throws -> T {
        var attempt = 1
        while true {
            do {
                return try transaction()
            } catch let error as StorageError where Self.isTransient(error) && attempt < attempts {
                retrying(error, attempt)
                Thread.sleep(forTimeInterval: delay(after: attempt))
                attempt += 1
            }
        }
    }

    /// The jittered pause after failed attempt `attempt` (1 for the first).
    func delay(after attempt: Int) -> Double {
        baseDelay * Double(1 << min(attempt - 1, 16)) * Double.random(in: 0.5...1.5)
    }
}
