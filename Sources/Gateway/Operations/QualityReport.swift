/// The state of the customer base's data: how complete and how fresh each field is, which people may be one
/// person, which contacts are invalid or rejected. Counts and pseudonyms only, never values.
public struct QualityReport: Sendable, Codable, Equatable {
    /// One field of `fields.yaml`.
    public struct Field: Sendable, Codable, Equatable {
        public var name: String
        /// People holding a value.
        public var present: Int
        /// `present` over all people (0...1).
        public var completeness: Double
        /// Values not confirmed within the re-verification period.
        public var stale: Int
        /// The period, as in `quality.yaml` (`6m`).
        public var reverifyAfter: String
    }

    /// People sharing a phone whose names differ: perhaps one person, perhaps a family phone.
    public struct DoubtfulDuplicate: Sendable, Codable, Equatable {
        public var subjects: [String]
        public var reason: String
    }

    /// A stored contact that no longer passes validation, or that a connector rejected.
    public struct ContactProblem: Sendable, Codable, Equatable {
        public var subject: String
        public var field: String
        /// `invalid_email`, `invalid_phone`, `rejected_by_connector`, or `undeliverable_email` (a service reported
        /// the address bounced or invalid).
        public var reason: String
        /// The connector that rejected it (`rejected_by_connector`) or reported it (`undeliverable_email`).
        public var connector: String?
    }

    public var version = 1
    /// ISO 8601 time of the report.
    public var asOf: String
    public var subjects: Int
    public var restricted: Int
    public var fields: [Field]
    public var doubtfulDuplicateGroups: Int
    public var invalidContacts: Int
    public var rejectedByConnectors: Int
    /// Addresses a service reported undeliverable (a hard bounce, Mailchimp's `cleaned`, UniSender's invalid or
    /// bounced status) and not corrected since: the connectors send them nothing until they change.
    public var undeliverableAddresses: Int = 0
    /// ``undeliverableAddresses`` by the service's reason (`hard`, `cleaned`, `hard_bounced`, …).
    public var undeliverableByReason: [String: Int] = [:]
    /// Pseudonyms for review; only for roles that may correct data (empty otherwise).
    public var doubtfulDuplicates: [DoubtfulDuplicate]
    public var contactProblems: [ContactProblem]
}
