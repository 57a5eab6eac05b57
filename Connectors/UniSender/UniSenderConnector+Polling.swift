public import ConnectorKit
public import Foundation

/// The polling fallback for UniSender's hooks: the contacts of the configured lists and their status.
///
/// UniSender's current documentation describes the export as an asynchronous task
/// (https://www.unisender.com/en/support/api/contacts/exportcontacts/): `async/exportContacts` per list with the
/// system columns `email`, `email_status`, `email_availability` and `email_unsubscribed_list_ids` answers a
/// `task_uuid`; `async/getTaskResult` is polled until the task is `completed` and names `file_to_download`, a CSV
/// whose first row holds the field names. At most 20 exports a minute per key: one per list and poll.
///
/// An unsubscribed contact (in the account or from this list) is an unsubscribe, an `unreachable` address a
/// bounce, an `active` contact a confirmation (which the gateway uses only where it asked for one). UniSender's
/// export says nothing of *when* a status changed and cannot be filtered by time, so every poll reads the lists,
/// dates what it finds at `since` (the previous poll; now on the first) and returns the poll's start as the next
/// mark: a status already applied then has no further effect.
extension UniSenderConnector: InboundPolling {
    static let exportColumns = ["email", "email_status", "email_availability", "email_unsubscribed_list_ids"]
    /// Task statuses that mean "not ready yet".
    static let pendingTaskStatuses: Set<String> = ["new", "processing", "in_progress", "waiting"]

    public func changes(since: Date?) async throws -> InboundChanges {
        let started = Date()
        let at = since ?? started
        var events: [InboundEvent] = []
        for list in settings.listIDs {
            let rows = try await export(list: list)
            guard let names = rows.first else { continue }
            for row in rows.dropFirst() {
                var values: [String: String] = [:]
                for (index, name) in names.enumerated() { values[name] = index < row.count ? row[index] : "" }
                if let event = Self.event(from: values, list: list, at: at) { events.append(event) }
            }
        }
        return InboundChanges(events: events, highWaterMark: started)
    }

    /// The export of one list: the header row, then one row per contact.
    private func export(list: Int) async throws -> [[String]] {
        var params: [(String, String)] = [("list_id", String(list))]
        for (index, column) in Self.exportColumns.enumerated() { params.append(("field_names[\(index)]", column)) }
        if let notifyURL = settings.exportNotifyURL { params.append(("notify_url", notifyURL)) }
        let task = try await call("async/exportContacts", params, operation: "pull")
        guard let uuid = task["task_uuid"]?.stringValue else {
            throw ConnectorError(.invalidResponse, "\(name) pull: async/exportContacts answered without task_uuid")
        }
        for _ in 0..<exportPolls {
            let result = try await call("async/getTaskResult", [("task_uuid", uuid)], operation: "pull")
            let status = result["status"]?.stringValue ?? ""
            if status == "completed", let link = result["file_to_download"]?.stringValue, let url = URL(string: link) {
                return UniSenderCSV.rows(try await download(url))
            }
            guard Self.pendingTaskStatuses.contains(status) else {
                throw ConnectorError(.transient, "\(name) pull: the export task ended as '\(status)'",
                                     apiErrorType: status)
            }
            try await sleep(exportPollInterval)
        }
        throw ConnectorError(.transient, "\(name) pull: the export task did not complete in time")
    }

    private func download(_ url: URL) async throws -> String {
        let response = try await transport.send(TransportRequest(method: "GET", url: url, timeout: timeout))
        guard response.isSuccess else {
            throw ConnectorError(.transient, "\(name) pull: the export file could not be downloaded",
                                 status: response.status)
        }
        return String(decoding: response.body, as: UTF8.self)
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
