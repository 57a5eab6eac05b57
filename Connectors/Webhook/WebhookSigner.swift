public import ConnectorKit
public import Foundation

/// Signs webhook bodies with HMAC-SHA256, in the Stripe or Standard Webhooks style.
///
/// Receivers verify the raw body bytes (re-serialising the JSON breaks the signature), compare in constant
/// time, and reject timestamps more than 5 minutes off (the replay window); Standard Webhooks receivers also
/// deduplicate on `webhook-id`, which stays the same across retries.
public struct WebhookSigner: Sendable {
    private let style: WebhookSettings.Style
    private let header: String
    private let key: [UInt8]

    /// Creates a signer.
    ///
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/invalidConfiguration``) when a `standard` secret is
    ///   not `whsec_` + base64 of 24 to 64 bytes.
    public init(secret: Secret, settings: WebhookSettings) throws {
        style = settings.style
        header = settings.signatureHeader
        switch settings.style {
        case .stripe:
            key = Array(secret.reveal().utf8)
        case .standard:
            let text = secret.reveal()
            let encoded = text.hasPrefix("whsec_") ? String(text.dropFirst(6)) : text
            guard let bytes = Data(base64Encoded: encoded), (24...64).contains(bytes.count) else {
                throw ConnectorError(.invalidConfiguration,
                                     "webhook secret must be whsec_ followed by base64 of 24 to 64 bytes")
            }
            key = Array(bytes)
        }
        guard !key.isEmpty else { throw ConnectorError(.invalidConfiguration, "webhook secret is empty") }
    }

    /// The headers that sign `body` for delivery `id` at `timestamp` (unix seconds).
    public func headers(for body: Data, id: String, timestamp: Int64) -> [(name: String, value: String)] {
        switch style {
        case .stripe:
            let mac = HMACSHA256.authenticationCode(for: Array("\(timestamp).".utf8) + Array(body), key: key)
            return [(header, "t=\(timestamp),v1=\(Hex.encode(mac))"), ("Idempotency-Key", id)]
        case .standard:
            let signed = Array("\(id).\(timestamp).".utf8) + Array(body)
            let mac = HMACSHA256.authenticationCode(for: signed, key: key)
            return [("webhook-id", id), ("webhook-timestamp", String(timestamp)),
                    ("webhook-signature", "v1," + Data(mac).base64EncodedString())]
        }
    }
}
