public import ConnectorKit
import Foundation

/// Reads Mailchimp's list webhook (a form post: `type`, `fired_at`, `data[email]`, `data[list_id]`,
/// `data[reason]`) into inbound events.
///
/// `unsubscribe` is a withdrawal (`data[reason]=abuse`: a spam complaint); `cleaned` is a bounce, except when
/// Mailchimp cleaned the address for abuse, which is a complaint; `subscribe` is a confirmation, which the gateway
/// uses only when it asked the person to confirm (a subscription made inside Mailchimp on its own is not consent
/// pdgate can prove). Other types (`profile`, `upemail`, `campaign`) change nothing here.
///
/// Mailchimp does not sign its webhooks: the secret in the URL is all that authenticates them.
public struct MailchimpWebhookReader: InboundWebhookReader {
    /// When set, events for another audience (`data[list_id]`) are ignored.
    public let listID: String?

    public let mediaType = "application/x-www-form-urlencoded"

    /// - Parameter listID: The audience whose events count; nil accepts every audience.
    public init(listID: String?) { self.listID = listID }

    public func events(fromBody body: [UInt8]) throws(InboundWebhookError) -> [InboundEvent] {
        Self.events(from: FormEncoding.decode(String(decoding: body, as: UTF8.self)), listID: listID)
    }

    static func events(from form: [String: String], listID: String?) -> [InboundEvent] {
        guard let type = form["type"], let email = form["data[email]"], !email.isEmpty else { return [] }
        if let listID, let sent = form["data[list_id]"], sent != listID { return [] }
        let at = form["fired_at"].flatMap(ServiceTime.date) ?? Date()
        let reason = form["data[reason]"]
        switch type {
        case "unsubscribe":
            return [InboundEvent(kind: reason == "abuse" ? .complaint : .unsubscribe, email: email, at: at,
                                 reason: reason)]
        case "cleaned":
            return [InboundEvent(kind: reason == "abuse" ? .complaint : .bounce, email: email, at: at,
                                 reason: reason)]
        case "subscribe":
            return [InboundEvent(kind: .confirmation, email: email, at: at, serviceEvent: "subscribe")]
        default:
            return []
        }
    }
}
