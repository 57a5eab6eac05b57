/// Settings of a ``VoximplantConnector`` (the `settings` object of its configuration entry).
public struct VoximplantSettings: Sendable, Codable, Equatable {
    /// The application whose key-value storage holds the people (`application_id`).
    public var applicationID: Int
    /// The key namespace: a person is stored under `<prefix><subject>`.
    public var keyPrefix: String
    /// Lifetime of a key-value item, at most 7,776,000 s (90 days): upserts refresh it.
    public var ttlSeconds: Int
    /// Call lists whose tasks may hold the person's phone.
    public var callListIDs: [Int]
    /// The earliest call-history date to search when erasing or reading (`yyyy-MM-dd`).
    public var historyStart: String
    /// Days per `GetCallHistory` window.
    public var historyWindowDays: Int

    /// Creates settings.
    public init(
        applicationID: Int,
        keyPrefix: String = "pdgate:",
        ttlSeconds: Int = 7_776_000,
        callListIDs: [Int] = [],
        historyStart: String = "2020-01-01",
        historyWindowDays: Int = 31
    ) {
        self.applicationID = applicationID
        self.keyPrefix = keyPrefix
        self.ttlSeconds = ttlSeconds
        self.callListIDs = callListIDs
        self.historyStart = historyStart
        self.historyWindowDays = historyWindowDays
    }

    private enum CodingKeys: String, CodingKey {
        case applicationID, keyPrefix, ttlSeconds, callListIDs, historyStart, historyWindowDays
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        applicationID = try container.decode(Int.self, forKey: .applicationID)
        keyPrefix = try container.decodeIfPresent(String.self, forKey: .keyPrefix) ?? "pdgate:"
        ttlSeconds = try container.decodeIfPresent(Int.self, forKey: .ttlSeconds) ?? 7_776_000
        callListIDs = try container.decodeIfPresent([Int].self, forKey: .callListIDs) ?? []
        historyStart = try container.decodeIfPresent(String.self, forKey: .historyStart) ?? "2020-01-01"
        historyWindowDays = try container.decodeIfPresent(Int.self, forKey: .historyWindowDays) ?? 31
    }
}
