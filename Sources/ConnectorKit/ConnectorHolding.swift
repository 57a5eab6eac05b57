/// What one connector holds about a person, for the access answer.
public struct ConnectorHolding: Sendable, Codable, Equatable {
    /// The connector's name.
    public var connector: String
    /// Field name → value as the service holds it (these are personal data: show them only to the person).
    public var fields: [String: String]
    /// Plain statements about further data the service holds or keeps (history, statistics, retention).
    public var notes: [String]

    /// Creates a holding.
    public init(connector: String, fields: [String: String], notes: [String] = []) {
        self.connector = connector
        self.fields = fields
        self.notes = notes
    }
}
