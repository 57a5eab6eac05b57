/// A connector as the gateway sees it: its name and the purposes it receives data for.
public struct ConnectorRoute: Sendable, Equatable, Codable {
    public var name: String
    public var purposes: [String]

    public init(name: String, purposes: [String]) {
        self.name = name
        self.purposes = purposes
    }
}
