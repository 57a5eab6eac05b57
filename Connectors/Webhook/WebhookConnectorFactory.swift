public import ConnectorKit

/// Builds ``WebhookConnector``s from configuration entries of type `webhook`.
///
/// `baseURL` (required) is the receiving URL. Credentials: `secret`. Settings: ``WebhookSettings``.
public struct WebhookConnectorFactory: ConnectorFactory {
    public let type = "webhook"

    /// Creates the factory.
    public init() {}

    public func makeConnector(
        config: ConnectorConfig,
        credentials: ConnectorCredentials,
        transport: any HTTPTransport
    ) throws -> any Connector {
        guard let url = config.baseURL else {
            throw ConnectorError(.invalidConfiguration, "connector \(config.name) needs baseURL (the receiving URL)")
        }
        let settings = try config.decodeSettings(WebhookSettings.self)
        return WebhookConnector(
            name: config.name,
            url: url,
            signer: try WebhookSigner(secret: try credentials.require("secret"), settings: settings),
            transport: transport,
            timeout: config.timeout
        )
    }
}
