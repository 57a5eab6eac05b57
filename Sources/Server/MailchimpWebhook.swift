import Foundation
import Gateway

/// Reads Mailchimp's list webhook (a form post: `type`, `fired_at`, `data[email]`, `data[list_id]`,
/// `data[reason]`) into inbound events.
///
/// `unsubscribe` is a withdrawal (`data[reason]=abuse`: a spam complaint); `cleaned` is a bounce, except when
/// Mailchimp cleaned the address for abuse, which is a complaint. Other types (`subscribe`, `profile`, `upemail`,
/// `campaign`) change nothing here: a subscription made inside Mailchimp is not consent pdgate can prove.
enum MailchimpWebhook {
    static func events(from form: [String: String], listID: String?) -> [InboundEvent] {
        guard let type = form["type"], let email = form["data[email]"], !email.isEmpty else { return [] }
        if let listID, let sent = form["data[list_id]"], sent != listID { return [] }
        let at = form["fired_at"].flatMap(firedAt) ?? Date()
        let reason = form["data[reason]"]
        switch type {
        case "unsubscribe":
            return [InboundEvent(kind: reason == "abuse" ? .complaint : .unsubscribe, email: email, at: at,
                                 reason: reason)]
        case "cleaned":
            return [InboundEvent(kind: reason == "abuse" ? .complaint : .bounce, email: email, at: at,
                                 reason: reason)]
        default:
            return []
        }
    }

    /// `fired_at` is `YYYY-MM-DD HH:MM:SS` in UTC.
    static func firedAt(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.date(from: text)
    }
}
