public import Foundation

/// Counts of outbox events by state, for `pdgate connectors status` and metrics.
public struct OutboxStats: Sendable, Codable, Equatable {
    /// Counts for one connector.
    public struct Counts: Sendable, Codable, Equatable {
        /// Waiting (due or scheduled for later), not leased.
        public var pending: Int = 0
        /// Claimed by a dispatcher whose lease has not expired.
        public var leased: Int = 0
        /// Delivered.
        public var done: Int = 0
        /// Given up on.
        public var deadLettered: Int = 0
        /// The earliest time one of this connector's unfinished events becomes claimable.
        public var nextDueAt: Date?

        /// Creates counts.
        public init(pending: Int = 0, leased: Int = 0, done: Int = 0, deadLettered: Int = 0) {
            self.pending = pending
            self.leased = leased
            self.done = done
            self.deadLettered = deadLettered
        }

        /// Events not yet finished (pending or leased).
        public var unfinished: Int { pending + leased }
    }

    /// Counts per connector name.
    public var connectors: [String: Counts]
    /// The earliest time an unfinished event becomes claimable (its next attempt or its lease expiry).
    public var nextDueAt: Date?

    /// Creates stats.
    public init(connectors: [String: Counts] = [:], nextDueAt: Date? = nil) {
        self.connectors = connectors
        self.nextDueAt = nextDueAt
    }

    /// Counts over all connectors.
    public var total: Counts {
        connectors.values.reduce(into: Counts()) { sum, counts in
            sum.pending += counts.pending
            sum.leased += counts.leased
            sum.done += counts.done
            sum.deadLettered += counts.deadLettered
            if let due = counts.nextDueAt { sum.nextDueAt = min(sum.nextDueAt ?? due, due) }
        }
    }
}
