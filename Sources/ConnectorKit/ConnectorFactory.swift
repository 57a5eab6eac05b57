/// Builds one kind of connector from its configuration entry; each connector module provides one.
public protocol ConnectorFactory: Sendable {
    /// The `type` this factory builds (`mailchimp`, ...).
    var type: String { get }

    /// Builds a connector.
    ///
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/invalidConfiguration``) naming the key at fault.
    func makeConnector(
        config: ConnectorConfig,
        credentials: ConnectorCredentials,
        transport: any HTTPTransport
    ) throws -> any Connector
}
