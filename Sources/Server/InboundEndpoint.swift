/// A mailing service allowed to report unsubscribes, complaints, bounces and confirmations to
/// `POST /inbound/{connector}/{secret}`.
///
/// The URL carries an unguessable secret, compared in constant time: configure it as the connector's
/// `webhookSecret` credential. Mailchimp does not sign its webhooks (a plain form post), so the secret is all that
/// authenticates them; UniSender's hooks also carry `auth`, an MD5 over the body computed with the account's API
/// key, which is checked too.
public struct InboundEndpoint: Sendable {
    /// The payload format.
    public enum Format: String, Sendable {
        /// Mailchimp list webhooks (form-encoded).
        case mailchimp
        /// UniSender hooks (`setHook` with `event_format=json_post`): JSON with `auth` and `events_by_user`.
        case unisender
    }

    /// The connector name, as in the outbox and the URL.
    public var connector: String
    public var format: Format
    /// The secret in the URL.
    public var secret: String
    /// When set, events for another audience or list (Mailchimp `data[list_id]`) are ignored.
    public var listID: String?
    /// UniSender: the API key the `auth` field is computed with (the connector's `apiKey` credential).
    public var apiKey: String?

    public init(connector: String, format: Format, secret: String, listID: String? = nil, apiKey: String? = nil) {
        self.connector = connector
        self.format = format
        self.secret = secret
        self.listID = listID
        self.apiKey = apiKey
    }
}
