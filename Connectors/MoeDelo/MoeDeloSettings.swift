/// Settings of a ``MoeDeloConnector`` (the `settings` object of its configuration entry).
public struct MoeDeloSettings: Sendable, Codable, Equatable {
    /// Counterparty `Type` for new people: 1 buyer and supplier, 2 buyer (default), 3 supplier, 4 other.
    public var counterpartyType: Int
    /// Whether erasure may `DELETE` the counterparty itself. Off by default: bills and acts may reference
    /// it, and accounting records are kept for 5 years; Moe Delo does not document what a delete does to them.
    public var deleteCounterparty: Bool
    /// How many individual counterparties erasure and reading may scan for a contact's e-mail or phone when
    /// the external id is unknown.
    public var maxScan: Int

    /// Creates settings.
    public init(counterpartyType: Int = 2, deleteCounterparty: Bool = false, maxScan: Int = 2_000) {
        self.counterpartyType = counterpartyType
        self.deleteCounterparty = deleteCounterparty
        self.maxScan = maxScan
    }

    private enum CodingKeys: String, CodingKey { case counterpartyType, deleteCounterparty, maxScan }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        counterpartyType = try container.decodeIfPresent(Int.self, forKey: .counterpartyType) ?? 2
        deleteCounterparty = try container.decodeIfPresent(Bool.self, forKey: .deleteCounterparty) ?? false
        maxScan = try container.decodeIfPresent(Int.self, forKey: .maxScan) ?? 2_000
    }
}
