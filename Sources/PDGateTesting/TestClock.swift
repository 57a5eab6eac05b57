public import Foundation
import Synchronization

/// A clock tests move by hand; shared by a gateway and its server.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    /// Starts at a whole second: request records keep whole seconds, so deadlines compare as the gateway sees them.
    public init(_ start: Date = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))) {
        current = Mutex(start)
    }

    /// The clock's time.
    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
