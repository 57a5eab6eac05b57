public import ConnectorKit

/// A connector whose service may report unsubscribes, complaints, bounces and confirmations to
/// `POST /inbound/{connector}/{secret}`.
///
/// The URL carries an unguessable secret, compared in constant time: configure it as the connector's
/// `webhookSecret` credential. The connector's own ``InboundWebhookReader`` checks whatever else authenticates a
/// delivery (UniSender's `auth` digest; Mailchimp signs nothing) and reads the events.
public struct InboundEndpoint: Sendable {
    /// The connector name, as in the outbox and the URL.
    public var connector: String
    /// The secret in the URL.
    public var secret: String
    /// Reads the service's deliveries (from the connector's factory).
    public var reader: any InboundWebhookReader

    public init(connector: String, secret: String, reader: any InboundWebhookReader) {
        self.connector = connector
        self.secret = secret
        self.reader = reader
    }
}
