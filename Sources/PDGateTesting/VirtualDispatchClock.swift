public import Foundation
public import ConnectorKit
internal import Synchronization

/// A test clock whose time only moves when someone sleeps or calls ``advance(by:)``.
///
/// ``sleep(until:)`` moves the clock to the deadline at once (if it is later) and returns after a yield, so
/// backoffs, `Retry-After` waits and lease expiries take no real time.
public final class VirtualDispatchClock: DispatchClock {
    private let current: Mutex<Date>

    /// Creates a clock at `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_750_000_000)) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    public func sleep(until deadline: Date) async throws {
        try Task.checkCancellation()
        current.withLock { $0 = max($0, deadline) }
        await Task.yield()
        try Task.checkCancellation()
    }

    /// Moves the clock forward.
    public func advance(by interval: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(interval) }
    }
}
