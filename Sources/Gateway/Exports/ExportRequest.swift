/// What to export: the people usable for one purpose, optionally narrowed by tag and status.
public struct ExportRequest: Sendable, Equatable {
    /// The file format of an export.
    public enum Format: String, Sendable, CaseIterable, Codable {
        case csv
        case xlsx
    }

    /// A purpose of `purposes.yaml`; only its fields are exported, only for people with a valid basis for it.
    public var purpose: String
    /// Only people whose `tags` field holds this tag (compared without regard to case).
    public var tag: String?
    /// Only people whose `status` field is this (compared without regard to case).
    public var status: String?
    public var format: Format
    /// A second person's approval (``Gateway/approveExport(purpose:for:people:principal:)``) for an export above
    /// the role's limit.
    public var approval: Int64?

    public init(purpose: String, tag: String? = nil, status: String? = nil, format: Format = .csv,
                approval: Int64? = nil) {
        self.purpose = purpose
        self.tag = tag
        self.status = status
        self.format = format
        self.approval = approval
    }
}
