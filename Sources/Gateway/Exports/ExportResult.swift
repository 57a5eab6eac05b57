/// What an export wrote: counts and field names, never values.
public struct ExportResult: Sendable, Codable, Equatable {
    public var version = 1
    public var purpose: String
    public var format: String
    /// People written.
    public var people: Int
    /// Fields written, in column order.
    public var fields: [String]
    /// Fields the role sees masked, written masked.
    public var masked: [String]
    /// People left out: no valid basis for the purpose (no consent, unproven legacy consent, withdrawn).
    public var withoutBasis: Int
    /// People left out because their processing is restricted (or, once the suppression list exists, suppressed).
    public var restricted: Int
    /// People left out by the tag and status filters.
    public var filteredOut: Int
    /// The role's export limit: `export_limit` in `roles.yaml`, else the review threshold of `quality.yaml`.
    public var reviewThreshold: Int
    /// Whether the export exceeded the limit (needed a second person's approval; flagged in the audit log).
    public var flagged: Bool
    /// The file written.
    public var file: String?
}
