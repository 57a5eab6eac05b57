/// What one `pdgate connectors pull` of one connector found and did.
public struct InboundPullReport: Sendable, Codable, Equatable {
    public var version = 1
    public var connector: String
    /// The time the service was asked from (ISO 8601), if any: the stored mark, or `--since`.
    public var since: String?
    /// The mark stored for the next pull (ISO 8601).
    public var mark: String?
    /// What the events did, exactly as if a webhook had delivered them.
    public var inbound: InboundReport

    public init(connector: String, since: String?, mark: String?, inbound: InboundReport) {
        self.connector = connector
        self.since = since
        self.mark = mark
        self.inbound = inbound
    }
}
