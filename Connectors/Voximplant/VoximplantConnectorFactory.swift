public import ConnectorKit

/// Builds ``VoximplantConnector``s from configuration entries of type `voximplant`.
///
/// Credentials: `accountID` and `apiKey` (legacy key auth). Service-account JWT needs a
/// ``VoximplantTokenSigner`` and is set up in code. Settings: ``VoximplantSettings``.
public struct VoximplantConnectorFactory: ConnectorFactory {
    public let type = "voximplant"
    /// Voximplant's Russian platform keeps data in Russia.
    public let recipientCountry: String? = "RU"

    /// Creates the factory.
    public init() {}

    public func makeConnector(
        config: ConnectorConfig,
        credentials: ConnectorCredentials,
        transport: any HTTPTransport
    ) throws -> any Connector {
        VoximplantConnector(
            name: config.name,
            authentication: .apiKey(accountID: try credentials.require("accountID").reveal(),
                                    apiKey: try credentials.require("apiKey")),
            settings: try config.decodeSettings(VoximplantSettings.self),
            transport: transport,
            baseURL: config.baseURL,
            timeout: config.timeout
        )
    }
}
