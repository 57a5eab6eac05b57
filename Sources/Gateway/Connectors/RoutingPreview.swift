/// Who `pdgate connectors sync` would send to which connector, and why the others are withheld: counts only,
/// never a name or a pseudonym.
public struct RoutingPreview: Sendable, Codable, Equatable {
    /// One connector and one of its purposes.
    public struct Route: Sendable, Codable, Equatable {
        /// The connector's name.
        public var connector: String
        /// The purpose the connector receives data for.
        public var purpose: String
        /// People the connector would receive for the purpose.
        public var send: Int
        /// People withheld, by reason (`no last_purchase_date recorded…`, `restricted`, …).
        public var withheld: [String: Int]
        /// Why nobody goes there at all (a cross-border transfer without the notification), if so.
        public var refused: String?
    }

    /// People in the vault.
    public var people: Int
    /// Every configured connector and purpose, sorted by connector and purpose.
    public var routes: [Route]
    /// People each connector would receive for at least one of its purposes.
    public var recipients: [String: Int]
}
