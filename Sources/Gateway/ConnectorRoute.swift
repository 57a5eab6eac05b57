/// A connector as the gateway sees it: its name and the purposes it receives data for.
public struct ConnectorRoute: Sendable, Equatable, Codable {
    public var name: String
    public var purposes: [String]
    /// ISO 3166 code of the country the connector's recipient stores data in, when the connector declares it
    /// (its configuration's `recipientCountry`, else its factory's); the cross-border gate compares it with the
    /// country the operator keeps the data in.
    public var country: String?

    public init(name: String, purposes: [String], country: String? = nil) {
        self.name = name
        self.purposes = purposes
        self.country = country
    }
}
