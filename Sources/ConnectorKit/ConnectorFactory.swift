/// Builds one kind of connector from its configuration entry; each connector module provides one.
public protocol ConnectorFactory: Sendable {
    /// The `type` this factory builds (`mailchimp`, ...).
    var type: String { get }

    /// ISO 3166 code of the country the service stores the data in (`US` for Mailchimp), or `nil` when it depends
    /// on the deployment (a webhook). A recipient outside the operator's country is a cross-border transfer.
    var recipientCountry: String? { get }

    /// The most requests the service's documentation allows in flight at once, as its connectors report it
    /// (``Connector/maxConcurrentRequests``): what the HTTP pool must hold per host before any connector exists.
    var maxConcurrentRequests: Int? { get }

    /// Whether the service can ask a person to confirm a subscription itself (double opt-in: Mailchimp, UniSender),
    /// so that `pdgate consent reconfirm` may use it.
    var confirmsSubscriptions: Bool { get }

    /// Builds a connector.
    ///
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/invalidConfiguration``) naming the key at fault.
    func makeConnector(
        config: ConnectorConfig,
        credentials: ConnectorCredentials,
        transport: any HTTPTransport
    ) throws -> any Connector

    /// The reader of the service's webhooks for this connector, or `nil` when the service sends none pdgate acts on.
    ///
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/invalidConfiguration``) naming a missing credential or
    ///   setting the reader needs.
    func makeInboundReader(config: ConnectorConfig, credentials: ConnectorCredentials) throws
        -> (any InboundWebhookReader)?
}

extension ConnectorFactory {
    /// Unknown unless the factory says.
    public var recipientCountry: String? { nil }

    /// No documented limit unless the factory says.
    public var maxConcurrentRequests: Int? { nil }

    /// No double opt-in unless the factory says.
    public var confirmsSubscriptions: Bool { false }

    /// No webhooks unless the factory reads them.
    public func makeInboundReader(config: ConnectorConfig, credentials: ConnectorCredentials) throws
        -> (any InboundWebhookReader)? { nil }
}

extension ConnectorConfig {
    /// The country of this connector's recipient: the configured one, else the factory's.
    public func recipientCountry(factories: [any ConnectorFactory]) -> String? {
        recipientCountry ?? factories.first { $0.type == type }?.recipientCountry
    }

    /// Whether this connector's service runs double opt-in (its factory says).
    public func confirmsSubscriptions(factories: [any ConnectorFactory]) -> Bool {
        factories.first { $0.type == type }?.confirmsSubscriptions ?? false
    }
}
