public import Foundation

/// Wall-clock time and sleeping for the dispatcher, injectable so that tests never sleep for real.
///
/// Times are `Date`s because the store keeps them and other processes read them.
public protocol DispatchClock: Sendable {
    /// The current time.
    var now: Date { get }

    /// Suspends until `deadline` (returns at once if it has passed).
    ///
    /// - Throws: `CancellationError` if the task is cancelled.
    func sleep(until deadline: Date) async throws
}

/// The system clock.
public struct SystemDispatchClock: DispatchClock {
    /// Creates the system clock.
    public init() {}

    public var now: Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let interval = deadline.timeIntervalSinceNow
        guard interval > 0 else { return try Task.checkCancellation() }
        try await Task.sleep(for: .milliseconds(Int64((interval * 1000).rounded(.up))))
    }
}
