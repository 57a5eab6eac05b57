public import ConnectorKit
public import Foundation

/// The polling fallback for Mailchimp's list webhooks: members whose status changed since a time.
///
/// `GET /lists/{list}/members?status=…&since_last_changed=…` for `unsubscribed` (an unsubscribe; `abuse` in
/// `unsubscribe_reason` is a complaint), `cleaned` (a bounce) and `subscribed` (a confirmation, which the gateway
/// uses only where it asked for one), a page of 1000 at a time. Each event is dated by the member's
/// `last_changed`; the latest one is the next mark.
extension MailchimpConnector: InboundPolling {
    /// Mailchimp's largest page.
    static let pageSize = 1000

    public func changes(since: Date?) async throws -> InboundChanges {
        var events: [InboundEvent] = []
        var mark: Date?
        for status in ["unsubscribed", "cleaned", "subscribed"] {
            var offset = 0
            while true {
                var query = [("status", status), ("count", String(Self.pageSize)), ("offset", String(offset)),
                             ("fields", "members.email_address,members.status,members.last_changed,"
                                 + "members.unsubscribe_reason,total_items")]
                if let since { query.append(("since_last_changed", ServiceTime.iso8601(since))) }
                let url = endpoint.url(["lists", settings.listID, "members"], query: query)
                let response = try await send(.json("GET", url, headers: auth, timeout: timeout), "pull")
                guard let members = response.json?["members"]?.arrayValue else {
                    throw ConnectorError(.invalidResponse, "\(name) pull: the member list is not JSON")
                }
                for member in members {
                    guard let event = Self.event(from: member) else { continue }
                    events.append(event)
                    mark = max(mark ?? event.at, event.at)
                }
                offset += members.count
                let total = response.json?["total_items"]?.intValue.map(Int.init) ?? offset
                if members.count < Self.pageSize || offset >= total { break }
            }
        }
        return InboundChanges(events: events.sorted { $0.at < $1.at }, highWaterMark: mark ?? since)
    }

    /// The event a member's current status stands for, or nil for other statuses.
    static func event(from member: JSONValue) -> InboundEvent? {
        guard let email = member["email_address"]?.stringValue, let status = member["status"]?.stringValue,
            let changed = member["last_changed"]?.stringValue.flatMap(ServiceTime.date)
        else { return nil }
        switch status {
        case "unsubscribed":
            let abuse = member["unsubscribe_reason"]?.stringValue?.lowercased().contains("abuse") == true
            return InboundEvent(kind: abuse ? .complaint : .unsubscribe, email: email, at: changed,
                                reason: abuse ? "abuse" : nil, serviceEvent: "member:unsubscribed")
        case "cleaned":
            return InboundEvent(kind: .bounce, email: email, at: changed, reason: "cleaned",
                                serviceEvent: "member:cleaned")
        case "subscribed":
            return InboundEvent(kind: .confirmation, email: email, at: changed, serviceEvent: "member:subscribed")
        default:
            return nil
        }
    }
}
