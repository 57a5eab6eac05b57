public import ConnectorKit

/// Builds ``OneCConnector``s from configuration entries of type `onec`.
///
/// `baseURL` (required): the publication's `…/odata/standard.odata`. Credentials: `user`, `password` (the
/// login may be Cyrillic). Settings: ``OneCSettings``.
public struct OneCConnectorFactory: ConnectorFactory {
    public let type = "onec"

    /// Creates the factory.
    public init() {}

    public func makeConnector(
        config: ConnectorConfig,
        credentials: ConnectorCredentials,
        transport: any HTTPTransport
    ) throws -> any Connector {
        guard let baseURL = config.baseURL else {
            throw ConnectorError(.invalidConfiguration, "connector \(config.name) needs baseURL (…/odata/standard.odata)")
        }
        return OneCConnector(
            name: config.name,
            baseURL: baseURL,
            user: try credentials.require("user").reveal(),
            password: try credentials.require("password"),
            settings: try config.decodeSettings(OneCSettings.self),
            transport: transport,
            timeout: config.timeout
        )
    }
}
