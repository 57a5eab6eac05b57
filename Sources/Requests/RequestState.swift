/// Where a data-subject request stands.
///
/// `received → verified → inProgress → completed`, or `refused` from any open state (with a reason the person
/// can read). An erasure waits in `inProgress` until every connector has confirmed or declared what it cannot erase.
public enum RequestState: String, Sendable, Codable, CaseIterable {
    case received
    case verified
    case inProgress = "in_progress"
    case completed
    case refused

    /// Whether the request still needs work (and its deadline still runs).
    public var isOpen: Bool { self == .received || self == .verified || self == .inProgress }

    /// Whether moving to `next` is allowed.
    public func canMove(to next: RequestState) -> Bool {
        switch (self, next) {
        case (.received, .verified), (.verified, .inProgress), (.inProgress, .completed): return true
        case (.received, .refused), (.verified, .refused), (.inProgress, .refused): return true
        default: return false
        }
    }
}
