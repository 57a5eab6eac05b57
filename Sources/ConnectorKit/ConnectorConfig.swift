public import Foundation

/// One connector's entry in the connectors configuration.
///
/// ```json
/// {"name": "mailchimp", "type": "mailchimp", "enabled": true, "purposes": ["marketing_email"],
///  "baseURL": "https://us14.api.mailchimp.com/3.0", "concurrency": 10, "timeoutSeconds": 30,
///  "credentials": {"apiKey": {"env": "PDGATE_MAILCHIMP_API_KEY"}},
///  "settings": {"listID": "a1b2c3d4e5"}}
/// ```
/// Keys: `name` (required, unique), `type` (defaults to `name`), `enabled` (default `true`), `purposes` (the
/// purposes this connector serves, required), `baseURL` (defaults per connector), `concurrency` (requests in
/// flight), `timeoutSeconds` (per request, default 30), `credentials` (name → ``SecretSource``), `settings`
/// (connector-specific, see each connector's `Settings`), `recipientCountry` (ISO 3166 code of where the service
/// keeps the data; defaults to the factory's ``ConnectorFactory/recipientCountry``).
public struct ConnectorConfig: Sendable, Codable, Equatable {
    /// The connector's name in the outbox.
    public var name: String
    /// Which implementation (`mailchimp`, `unisender`, `onec`, `moedelo`, `voximplant`, `webhook`).
    public var type: String
    /// Whether the connector is on.
    public var enabled: Bool
    /// The purposes this connector serves.
    public var purposes: [String]
    /// Overrides the service's default base URL.
    public var baseURL: URL?
    /// Requests in flight at once, if not the connector's default.
    public var concurrency: Int?
    /// Per-request timeout in seconds.
    public var timeoutSeconds: Double
    /// Credential name → where to read it.
    public var credentials: [String: SecretSource]
    /// Connector-specific settings.
    public var settings: JSONValue
    /// ISO 3166 code of the country the service stores the data in, overriding the factory's
    /// ``ConnectorFactory/recipientCountry`` (a webhook to a partner abroad, a self-hosted instance).
    public var recipientCountry: String? = nil

    /// Creates an entry.
    public init(
        name: String,
        type: String? = nil,
        enabled: Bool = true,
        purposes: [String],
        baseURL: URL? = nil,
        concurrency: Int? = nil,
        timeoutSeconds: Double = 30,
        credentials: [String: SecretSource] = [:],
        settings: JSONValue = [:]
    ) {
        self.name = name
        self.type = type ?? name
        self.enabled = enabled
        self.purposes = purposes
        self.baseURL = baseURL
        self.concurrency = concurrency
        self.timeoutSeconds = timeoutSeconds
        self.credentials = credentials
        self.settings = settings
    }

    private enum CodingKeys: String, CodingKey {
        case name, type, enabled, purposes, baseURL, concurrency, timeoutSeconds, credentials, settings
        case recipientCountry
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? name
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        purposes = try container.decode([String].self, forKey: .purposes)
        baseURL = try container.decodeIfPresent(URL.self, forKey: .baseURL)
        concurrency = try container.decodeIfPresent(Int.self, forKey: .concurrency)
        timeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? 30
        credentials = try container.decodeIfPresent([String: SecretSource].self, forKey: .credentials) ?? [:]
        settings = try container.decodeIfPresent(JSONValue.self, forKey: .settings) ?? [:]
        recipientCountry = try container.decodeIfPresent(String.self, forKey: .recipientCountry)
    }

    /// The per-request timeout as a duration.
    public var timeout: Duration { .milliseconds(Int64(max(timeoutSeconds, 0.001) * 1000)) }

    /// Decodes ``settings`` into a connector's settings type.
    ///
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/invalidConfiguration``) naming the key at fault.
    public func decodeSettings<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: settings.encoded())
        } catch let error as DecodingError {
            throw ConnectorError(.invalidConfiguration, "connector \(name) settings: \(Self.describe(error))")
        } catch {
            throw ConnectorError(.invalidConfiguration, "connector \(name) settings cannot be read")
        }
    }

    /// Loads every credential this entry names.
    public func loadCredentials(environment: [String: String]) throws -> ConnectorCredentials {
        var secrets: [String: Secret] = [:]
        for (key, source) in credentials {
            secrets[key] = try source.load(environment: environment)
        }
        return ConnectorCredentials(connector: name, secrets: secrets)
    }

    /// A decoding error described by its key path only (never the offending value).
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let prefix = path(context)
            return "missing key \(prefix == "top level" ? key.stringValue : prefix + "." + key.stringValue)"
        case .typeMismatch(_, let context): return "wrong type at \(path(context))"
        case .valueNotFound(_, let context): return "missing value at \(path(context))"
        case .dataCorrupted(let context): return "invalid value at \(path(context))"
        @unknown default: return "invalid"
        }
    }
}
