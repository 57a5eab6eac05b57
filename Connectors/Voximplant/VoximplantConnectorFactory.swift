public import ConnectorKit

/// Builds ``VoximplantConnector``s from configuration entries of type `voximplant`.
///
/// Credentials: `serviceAccount`, the service account's key file (JSON with `account_id`, `key_id` and
/// `private_key`; best as `{"file": "…"}` with mode 0600), for JWT auth; or, when it is absent, the legacy
/// `accountID` and `apiKey`. The service account wins when both are configured. Settings:
/// ``VoximplantSettings``.
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
            authentication: try Self.authentication(credentials),
            settings: try config.decodeSettings(VoximplantSettings.self),
            transport: transport,
            baseURL: config.baseURL,
            timeout: config.timeout
        )
    }

    /// JWT from `serviceAccount` if configured, else the legacy key.
    static func authentication(_ credentials: ConnectorCredentials) throws -> VoximplantConnector.Authentication {
        if let keyFile = credentials["serviceAccount"] {
            let account: VoximplantServiceAccount
            do {
                account = try VoximplantServiceAccount(keyFile: keyFile)
            } catch let error as ConnectorError {
                throw ConnectorError(.invalidConfiguration, "connector \(credentials.connector): \(error.message)")
            }
            return .jwt(try VoximplantJWTSigner(serviceAccount: account))
        }
        return .apiKey(accountID: try credentials.require("accountID").reveal(),
                       apiKey: try credentials.require("apiKey"))
    }
}
