public import ConnectorKit

/// Builds ``MoeDeloConnector``s from configuration entries of type `moedelo`.
///
/// Credentials: `apiKey`. Settings: ``MoeDeloSettings``.
public struct MoeDeloConnectorFactory: ConnectorFactory {
    public let type = "moedelo"
    /// Moe Delo keeps data in Russia.
    public let recipientCountry: String? = "RU"

    /// Creates the factory.
    public init() {}

    public func makeConnector(
        config: ConnectorConfig,
        credentials: ConnectorCredentials,
        transport: any HTTPTransport
    ) throws -> any Connector {
        MoeDeloConnector(
            name: config.name,
            apiKey: try credentials.require("apiKey"),
            settings: try config.decodeSettings(MoeDeloSettings.self),
            transport: transport,
            baseURL: config.baseURL,
            timeout: config.timeout
        )
    }
}
