public import ConnectorKit
public import Foundation

/// The polling fallback for UniSender's hooks: the contacts of the configured lists and their status.
///
/// `exportContacts` (the synchronous form, `offset`/`limit` up to 1000) per list, with the system columns
/// `email`, `email_status`, `email_availability` and `email_unsubscribed_list_ids`: an unsubscribed contact (in
/// the account or from this list) is an unsubscribe, an `unreachable` address a bounce, an `active` contact a
/// confirmation (which the gateway uses only where it asked for one). UniSender's export says nothing of *when* a
/// status changed and cannot be filtered by time, so every poll reads the lists, dates what it finds at `since`
/// (the previous poll; now on the first) and returns the poll's start as the next mark: a status already applied
/// then has no further effect.
extension UniSenderConnector: InboundPolling {
    /// The synchronous export's largest page.
    static let pageSize = 1000
    static let exportColumns = ["email", "email_status", "email_availability", "email_unsubscribed_list_ids"]

    public func changes(since: Date?) async throws -> InboundChanges {
        let started = Date()
        let at = since ?? started
        var events: [InboundEvent] = []
        for list in settings.listIDs {
            var offset = 0
            while true {
                var params: [(String, String)] = [("list_id", String(list)), ("offset", String(offset)),
                                                  ("limit", String(Self.pageSize))]
                for (index, column) in Self.exportColumns.enumerated() {
                    params.append(("field_names[\(index)]", column))
                }
                let result = try await call("exportContacts", params, operation: "pull")
                let names = result["field_names"]?.arrayValue.compactMap(\.stringValue) ?? Self.exportColumns
                let rows = result["data"]?.arrayValue ?? []
                for row in rows {
                    var values: [String: String] = [:]
                    for (index, name) in names.enumerated() { values[name] = row[index]?.stringValue ?? "" }
                    if let event = Self.event(from: values, list: list, at: at) { events.append(event) }
                }
                offset += rows.count
                if rows.count < Self.pageSize { break }
            }
        }
        return InboundChanges(events: events, highWaterMark: started)
    }

    /// The event an exported contact row stands for in `list`, or nil when there is none.
    static func event(from row: [String: String], list: Int, at: Date) -> InboundEvent? {
        guard let email = row["email"], !email.isEmpty else { return nil }
        let unsubscribedLists = (row["email_unsubscribed_list_ids"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if row["email_status"] == "unsubscribed" || unsubscribedLists.contains(String(list)) {
            return InboundEvent(kind: .unsubscribe, email: email, at: at, serviceEvent: "contact:unsubscribed")
        }
        if row["email_availability"] == "unreachable" {
            return InboundEvent(kind: .bounce, email: email, at: at, reason: "unreachable",
                                serviceEvent: "contact:unreachable")
        }
        if row["email_status"] == "active" {
            return InboundEvent(kind: .confirmation, email: email, at: at, serviceEvent: "contact:active")
        }
        return nil
    }
}
