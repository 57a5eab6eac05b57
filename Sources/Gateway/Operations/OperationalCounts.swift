/// Counts for monitoring: how many people are held and how many requests wait. No personal data.
public struct OperationalCounts: Sendable, Codable, Equatable {
    public var subjects: Int
    public var openRequests: Int
    public var overdueRequests: Int
}
