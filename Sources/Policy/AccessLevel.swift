/// How much of a field a role may see.
public enum AccessLevel: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// Not at all.
    case none
    /// A masked form only (`+7 912 ***-**-67`, `П*** Д. И.`).
    case masked
    /// The clear value.
    case read

    private var rank: Int {
        switch self {
        case .none: 0
        case .masked: 1
        case .read: 2
        }
    }

    public static func < (lhs: AccessLevel, rhs: AccessLevel) -> Bool {
        lhs.rank < rhs.rank
    }
}
