public import ConnectorKit

/// Builds ``MailchimpConnector``s from configuration entries of type `mailchimp`.
///
/// Credentials: `apiKey`. Settings: ``MailchimpSettings``.
public struct MailchimpConnectorFactory: ConnectorFactory {
    public let type = "mailchimp"
    /// Mailchimp (Intuit) keeps audience data in the United States.
    public let recipientCountry: String? = "US"
    /// A `pending` member gets Mailchimp's confirmation e-mail.
    public let confirmsSubscriptions = true
    /// Mailchimp allows 10 simultaneous connections per API key (see LIMITS.md).
    public static let simultaneousConnections = 10
    public var maxConcurrentRequests: Int? { Self.simultaneousConnections }

    /// Creates the factory.
    public init() {}

    public func makeConnector(
        config: ConnectorConfig,
        credentials: ConnectorCredentials,
        transport: any HTTPTransport
    ) throws -> any Connector {
        try MailchimpConnector(
            name: config.name,
            apiKey: try credentials.require("apiKey"),
            settings: try config.decodeSettings(MailchimpSettings.self),
            transport: transport,
            baseURL: config.baseURL,
            timeout: config.timeout
        )
    }

    /// Mailchimp's list webhooks, for the configured audience.
    public func makeInboundReader(config: ConnectorConfig, credentials: ConnectorCredentials) throws
        -> (any InboundWebhookReader)?
    {
        MailchimpWebhookReader(listID: try config.decodeSettings(MailchimpSettings.self).listID)
    }
}
