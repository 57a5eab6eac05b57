public import ConnectorKit
import Foundation

/// Reads UniSender's hook notifications (`setHook` with `event_format=json_post`) into inbound events.
///
/// The body is `{"auth": "<md5>", "events_by_user": [{"events": [{"event_name", "event_time", "event_data":
/// {"email", "status", ...}}]}]}`. `auth` authenticates it: the MD5 of the body exactly as sent, with the `auth`
/// value replaced by the account's API key. Events: `unsubscribe` withdraws; `subscribe` is a confirmation (used
/// only where pdgate asked for one); `email_status` with a hard bounce marks the address invalid, with `spam` (a
/// complaint) or `unsubscribed` withdraws, and with anything else (`soft_bounced`, `ok_read`, `delivered`, ...)
/// changes nothing. The payload's details beyond these are [U] in CONNECTOR-APIS.md, so the reader accepts the
/// time and address either on the event or in `event_data`.
public struct UniSenderWebhookReader: InboundWebhookReader {
    /// The account's API key, which the `auth` digest is computed with.
    let apiKey: Secret

    public let mediaType = "application/json"

    /// - Parameter apiKey: The account's API key (the connector's `apiKey` credential).
    public init(apiKey: Secret) { self.apiKey = apiKey }

    public func events(fromBody body: [UInt8]) throws(InboundWebhookError) -> [InboundEvent] {
        guard Self.isAuthentic(body, apiKey: apiKey.reveal()) else {
            throw InboundWebhookError("the auth digest does not match")
        }
        return Self.events(from: body)
    }

    /// `email_status` statuses that mean the address does not exist or no longer accepts mail.
    static let hardBounces: Set<String> = [
        "hard_bounced", "err_user_unknown", "err_user_inactive", "err_domain_inactive", "err_mailbox_discarded",
    ]
    /// `email_status` statuses that mean the person marked the message as spam.
    static let complaints: Set<String> = ["spam", "ok_spam", "err_spam_complaint"]
    /// `email_status` statuses that mean the person unsubscribed through the message's link.
    static let unsubscribes: Set<String> = ["unsubscribed", "ok_unsubscribed"]

    /// Whether `auth` is what UniSender computes for this body and API key.
    ///
    /// The `auth` value is found in the raw bytes (re-serialising the JSON would change them), replaced by the
    /// key, and the MD5 of the result compared with it in constant time.
    static func isAuthentic(_ body: [UInt8], apiKey: String) -> Bool {
        guard let auth = JSONValue.parse(Data(body))?["auth"]?.stringValue, auth.utf8.count == 32 else {
            return false
        }
        let expected = Array(auth.lowercased().utf8)
        let name = Array(#""auth""#.utf8)
        var index = 0
        while let start = find(name, in: body, from: index) {
            index = start + name.count
            var cursor = skipSpace(body, from: index)
            guard cursor < body.count, body[cursor] == UInt8(ascii: ":") else { continue }
            cursor = skipSpace(body, from: cursor + 1)
            guard cursor < body.count, body[cursor] == UInt8(ascii: "\"") else { continue }
            let valueStart = cursor + 1
            let valueEnd = valueStart + auth.utf8.count
            guard valueEnd < body.count, Array(body[valueStart..<valueEnd]) == Array(auth.utf8),
                body[valueEnd] == UInt8(ascii: "\"")
            else { continue }
            let signed = Array(body[..<valueStart]) + Array(apiKey.utf8) + Array(body[valueEnd...])
            if HMACSHA256.constantTimeEquals(Array(Hex.encode(MD5.hash(signed)).utf8), expected) { return true }
        }
        return false
    }

    /// The events of a notification body; events of other kinds, and unreadable ones, are left out.
    static func events(from body: [UInt8]) -> [InboundEvent] {
        guard let json = JSONValue.parse(Data(body)) else { return [] }
        var events: [InboundEvent] = []
        for user in json["events_by_user"]?.arrayValue ?? [] {
            for item in user["events"]?.arrayValue ?? [] {
                if let event = event(from: item) { events.append(event) }
            }
        }
        return events
    }

    static func event(from item: JSONValue) -> InboundEvent? {
        let data = item["event_data"] ?? .null
        guard let name = item["event_name"]?.stringValue,
            let email = data["email"]?.stringValue ?? item["email"]?.stringValue, !email.isEmpty
        else { return nil }
        let at = (item["event_time"] ?? data["event_time"])?.stringValue.flatMap(ServiceTime.date) ?? Date()
        switch name {
        case "unsubscribe":
            return InboundEvent(kind: .unsubscribe, email: email, at: at, serviceEvent: name)
        case "subscribe":
            return InboundEvent(kind: .confirmation, email: email, at: at, serviceEvent: name)
        case "spam", "spam_complaint":
            return InboundEvent(kind: .complaint, email: email, at: at, reason: "spam", serviceEvent: name)
        case "email_status":
            let status = data["status"]?.stringValue ?? ""
            if hardBounces.contains(status) {
                return InboundEvent(kind: .bounce, email: email, at: at, reason: status, serviceEvent: name)
            }
            if complaints.contains(status) {
                return InboundEvent(kind: .complaint, email: email, at: at, reason: "spam", serviceEvent: name)
            }
            if unsubscribes.contains(status) {
                return InboundEvent(kind: .unsubscribe, email: email, at: at, serviceEvent: name)
            }
            return nil
        default:
            return nil
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }

    private static func skipSpace(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index
    }
}
