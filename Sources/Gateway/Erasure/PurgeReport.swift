public import Foundation

/// What a retention purge would do (dry run) or did.
public struct PurgeReport: Sendable, Codable, Equatable {
    /// One person the purge erases, and why.
    public struct Item: Sendable, Codable, Equatable {
        public var subject: String
        /// The retention rule that expired: `lead_no_purchase`, `customer_marketing_profile`, `accounting`, ...
        public var rule: String
        /// When the retention period ended.
        public var expired: Date
        /// What happened (or would): `erase`, `erase_except_held`, `erased`, `failed: <code>`.
        public var action: String
    }

    public var version = 1
    public var dryRun: Bool
    public var asOf: Date
    public var examined = 0
    public var items: [Item] = []
    public var erased = 0
    public var partiallyErased = 0
    public var failed = 0
    /// Destruction acts past their 3-year retention (Order 179): removed by a run, counted by a dry run.
    public var actsExpired = 0
    /// People who keep their record but lose the fields only a withdrawn consent purpose held.
    public var purposeDataErased = 0
    /// Export files deleted because their life (`quality.yaml` `exports.file_life`) had ended.
    public var exportsExpired = 0
    /// Expired one-time codes, sessions, download links and failure counters of the web front ends deleted.
    public var webStateExpired = 0
    public var seconds: Double = 0
    /// Set when the run did nothing because another gateway instance was purging the same vault at that moment.
    public var runningElsewhere: Bool?

    /// Adds the items of an erased batch, counting them by what was done.
    mutating func absorb(_ done: [Item]) {
        items += done
        erased += done.count { $0.action == "erased" }
        partiallyErased += done.count { $0.action == "erased_except_held" }
        purposeDataErased += done.count { $0.action == "erased_purpose_data" }
    }
}
