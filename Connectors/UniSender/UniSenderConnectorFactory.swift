public import ConnectorKit

/// Builds ``UniSenderConnector``s from configuration entries of type `unisender`.
///
/// Credentials: `apiKey`. Settings: ``UniSenderSettings``.
public struct UniSenderConnectorFactory: ConnectorFactory {
    public let type = "unisender"
    /// UniSender keeps data in Russia.
    public let recipientCountry: String? = "RU"
    /// `subscribe` with `double_optin=0` sends the list's confirmation letter.
    public let confirmsSubscriptions = true

    /// Creates the factory.
    public init() {}

    public func makeConnector(
        config: ConnectorConfig,
        credentials: ConnectorCredentials,
        transport: any HTTPTransport
    ) throws -> any Connector {
        UniSenderConnector(
            name: config.name,
            apiKey: try credentials.require("apiKey"),
            settings: try config.decodeSettings(UniSenderSettings.self),
            transport: transport,
            baseURL: config.baseURL,
            timeout: config.timeout
        )
    }

    /// UniSender's hooks, authenticated by their `auth` digest over the connector's `apiKey`.
    public func makeInboundReader(config: ConnectorConfig, credentials: ConnectorCredentials) throws
        -> (any InboundWebhookReader)?
    {
        UniSenderWebhookReader(apiKey: try credentials.require("apiKey"))
    }
}
