/// A connector as the gateway sees it: its name and the purposes it receives data for.
public struct ConnectorRoute: Sendable, Equatable, Codable {
    public var name: String
    public var purposes: [String]
    /// ISO 3166 code of the country the connector's recipient stores data in, when the connector declares it
    /// (its configuration's `recipientCountry`, else its factory's); the cross-border gate compares it with the
    /// country the operator keeps the data in.
    public var country: String?
    /// Whether the service runs its own double opt-in (Mailchimp, UniSender): `pdgate consent reconfirm` asks
    /// people with legacy consent to confirm through these connectors only.
    public var confirmsSubscriptions: Bool

    public init(name: String, purposes: [String], country: String? = nil, confirmsSubscriptions: Bool = false) {
        self.name = name
        self.purposes = purposes
        self.country = country
        self.confirmsSubscriptions = confirmsSubscriptions
    }

    private enum CodingKeys: String, CodingKey { case name, purposes, country, confirmsSubscriptions }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        purposes = try container.decode([String].self, forKey: .purposes)
        country = try container.decodeIfPresent(String.self, forKey: .country)
        confirmsSubscriptions = try container.decodeIfPresent(Bool.self, forKey: .confirmsSubscriptions) ?? false
    }
}
