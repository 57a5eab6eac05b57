/// What one dispatcher pass did, in counts (no personal data).
public struct DispatchReport: Sendable, Codable, Equatable {
    /// Events delivered (including erasures that found nothing, and upserts covered by a later send of the same
    /// person, see ``OutboxDispatcher``).
    public var delivered = 0
    /// Upserts skipped because the resolver found no valid basis.
    public var skipped = 0
    /// Events put back for a later attempt after a transient failure.
    public var retried = 0
    /// Events put back after a rate-limit answer.
    public var rateLimited = 0
    /// Events given up on.
    public var deadLettered = 0
    /// Events left leased because the dispatcher was cancelled or could not reach its store.
    public var abandoned = 0

    /// Creates an empty report.
    public init() {}

    /// Adds another report's counts.
    public mutating func add(_ other: Self) {
        delivered += other.delivered
        skipped += other.skipped
        retried += other.retried
        rateLimited += other.rateLimited
        deadLettered += other.deadLettered
        abandoned += other.abandoned
    }

    /// Whether anything was claimed at all.
    public var isEmpty: Bool { self == Self() }
}
