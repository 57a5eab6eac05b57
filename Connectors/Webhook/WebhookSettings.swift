/// Settings of a ``WebhookConnector`` (the `settings` object of its configuration entry).
public struct WebhookSettings: Sendable, Codable, Equatable {
    /// How events are signed.
    public enum Style: String, Sendable, Codable {
        /// `X-PDGate-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, keyed with the secret as given
        /// (Stripe's scheme).
        case stripe
        /// Standard Webhooks 1.0: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` over
        /// `"id.timestamp.body"`, keyed with the base64 part of a `whsec_…` secret.
        case standard
    }

    /// The signing scheme.
    public var style: Style
    /// The signature header for the `stripe` style.
    public var signatureHeader: String

    /// Creates settings.
    public init(style: Style = .stripe, signatureHeader: String = "X-PDGate-Signature") {
        self.style = style
        self.signatureHeader = signatureHeader
    }

    private enum CodingKeys: String, CodingKey { case style, signatureHeader }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        style = try container.decodeIfPresent(Style.self, forKey: .style) ?? .stripe
        signatureHeader = try container.decodeIfPresent(String.self, forKey: .signatureHeader) ?? "X-PDGate-Signature"
    }
}
