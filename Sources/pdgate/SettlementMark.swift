import Foundation
import Synchronization

/// When the dispatcher last settled the recipients' answers, so each pass looks only at what came since.
final class SettlementMark: Sendable {
    private let last = Mutex<Date?>(nil)

    /// Records `now` and returns the previous mark (nil on the first pass).
    func advance(to now: Date) -> Date? {
        last.withLock { previous in
            defer { previous = now }
            return previous
        }
    }
}
