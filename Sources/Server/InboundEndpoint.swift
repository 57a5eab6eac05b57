/// A mailing service allowed to report unsubscribes, complaints and bounces to `POST /inbound/{connector}/{secret}`.
///
/// The services do not sign their webhooks (Mailchimp sends a plain form post), so the URL carries an unguessable
/// secret, compared in constant time. Configure it as the connector's `webhookSecret` credential.
public struct InboundEndpoint: Sendable {
    /// The payload format: `mailchimp` (list webhooks, form-encoded).
    public enum Format: String, Sendable {
        case mailchimp
    }

    /// The connector name, as in the outbox and the URL.
    public var connector: String
    public var format: Format
    /// The secret in the URL.
    public var secret: String
    /// When set, events for another audience (Mailchimp `data[list_id]`) are ignored.
    public var listID: String?

    public init(connector: String, format: Format, secret: String, listID: String? = nil) {
        self.connector = connector
        self.format = format
        self.secret = secret
        self.listID = listID
    }
}
