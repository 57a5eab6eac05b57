public import ConnectorKit
public import Foundation

/// Voximplant Management API: what the platform holds about a person, as far as its API reaches.
///
/// Every call is a form `POST {base}/platform_api/<Method>`; answers are HTTP 200 with `result` or
/// `error: {code, msg}` (100 auth failed, 104 forbidden for the role, 101 invalid arguments, ...).
/// - upsert: `SetKeyValueItem` `<prefix><subject>` in the application's key-value storage, value
///   `{"phone", "name", "tags"}` (what a VoxEngine scenario reads), refreshed with each upsert (90-day TTL).
/// - suppress: `DelKeyValueItem`, and the person's pending call-list tasks are cancelled.
/// - erase: every recording of calls with the phone (`GetCallHistory` per window, `DeleteRecord`), the
///   key-value item, and the call-list tasks (custom data overwritten, then cancelled). Call-history rows
///   (number, time, duration) cannot be deleted through the API: ``ErasureOutcome/cannotErase(reason:)``
///   says so when there are any.
/// - read: the key-value item, call history with recordings, call-list tasks.
public struct VoximplantConnector: Connector {
    /// How the connector authenticates.
    public enum Authentication: Sendable {
        /// Legacy `account_id` + `api_key` parameters (deprecated by Voximplant, still accepted).
        case apiKey(accountID: String, apiKey: Secret)
        /// Service-account JWT: `Authorization: Bearer`, minted per call.
        case jwt(any VoximplantTokenSigner)
    }

    public let name: String
    private let endpoint: Endpoint
    private let authentication: Authentication
    private let settings: VoximplantSettings
    private let transport: any HTTPTransport
    private let timeout: Duration?
    private let now: @Sendable () -> Date

    /// `https://api.voximplant.com`.
    public static let defaultBaseURL = URL(string: "https://api.voximplant.com")!

    /// Creates a connector.
    public init(
        name: String = "voximplant",
        authentication: Authentication,
        settings: VoximplantSettings,
        transport: any HTTPTransport,
        baseURL: URL? = nil,
        timeout: Duration? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.name = name
        self.authentication = authentication
        self.settings = settings
        self.transport = transport
        self.timeout = timeout
        self.now = now
        endpoint = Endpoint(base: baseURL ?? Self.defaultBaseURL)
    }

    // MARK: - Connector

    public func upsert(_ person: ConnectorPerson) async throws -> String? {
        var value: [String: JSONValue] = [:]
        if let phone = person.phone { value["phone"] = .string(Self.digits(phone)) }
        if let fullName = person.nonBlank("full_name") { value["name"] = .string(fullName) }
        if !person.tags.isEmpty { value["tags"] = .array(person.tags.map { .string($0) }) }
        let text = String(decoding: JSONValue.object(value).encoded(), as: UTF8.self)
        guard text.count <= 2000 else {
            throw ConnectorError(.permanent, "\(name) upsert: the value exceeds Voximplant's 2000 characters")
        }
        let key = key(for: person.subject)
        _ = try await call("SetKeyValueItem", [("key", key), ("value", text),
                                               ("application_id", String(settings.applicationID)),
                                               ("ttl", String(settings.ttlSeconds))], operation: "upsert")
        return key
    }

    public func suppress(_ ref: PersonRef, reason: SuppressionReason) async throws {
        _ = try await deleteKeyValue(ref.subject, operation: "suppress")
        if let phone = ref.phone {
            _ = try await cancelTasks(phone: phone, overwrite: false, operation: "suppress")
        }
    }

    public func erase(_ ref: PersonRef) async throws -> ErasureOutcome {
        var found = try await deleteKeyValue(ref.subject, operation: "erase")
        var sessions = 0
        if let phone = ref.phone {
            let history = try await callHistory(phone: phone, operation: "erase")
            sessions = history.count
            for record in history.flatMap({ $0["records"]?.arrayValue ?? [] }) {
                guard let id = record["record_id"]?.stringValue else { continue }
                do {
                    _ = try await call("DeleteRecord", [("record_id", id)], operation: "erase")
                } catch let error as ConnectorError where error.code == .permanent {
                    continue   // already gone
                }
            }
            found = try await cancelTasks(phone: phone, overwrite: true, operation: "erase") > 0 || found
        }
        if sessions > 0 {
            return .cannotErase(reason: "Voximplant's call history keeps \(sessions) call session(s) with this phone "
                + "number (number, time, duration): its Management API has no method to delete history rows, so "
                + "ask Voximplant support. Recordings, transcriptions, key-value items and call-list tasks were "
                + "deleted; session logs expire after one month.")
        }
        return found ? .erased : .notFound
    }

    public func read(_ ref: PersonRef) async throws -> ConnectorHolding? {
        var fields: [String: String] = [:]
        let item = try await call("GetKeyValueItem", [("key", key(for: ref.subject)),
                                                      ("application_id", String(settings.applicationID))],
                                  operation: "read")
        if let value = item["value"]?.stringValue { fields["key_value.\(key(for: ref.subject))"] = value }
        if let phone = ref.phone {
            let history = try await callHistory(phone: phone, operation: "read")
            for session in history {
                guard let id = session["call_session_history_id"]?.stringValue else { continue }
                let records = session["records"]?.arrayValue.compactMap { $0["record_url"]?.stringValue } ?? []
                let call = session["calls"]?[0]
                fields["call.\(id)"] = [session["start_date"]?.stringValue,
                                        call?["duration"]?.stringValue.map { "\($0) s" },
                                        records.isEmpty ? nil : "recordings: " + records.joined(separator: ", ")]
                    .compactMap { $0 }.joined(separator: "; ")
            }
            for (list, task) in try await tasks(phone: phone, operation: "read") {
                fields["call_list.\(list).task.\(task["task_id"]?.stringValue ?? "?")"] =
                    task["custom_data"]?.stringValue ?? ""
            }
        }
        guard !fields.isEmpty else { return nil }
        return ConnectorHolding(connector: name, fields: fields, notes: [
            "Voximplant keeps call-history rows (number, time, duration) that its API cannot delete; session logs "
                + "expire after one month; recordings follow the retention set in the VoxEngine scenario.",
        ])
    }

    // MARK: - Helpers

    private func key(for subject: String) -> String { settings.keyPrefix + subject }

    /// Voximplant writes numbers as digits only (`79000000000`).
    static func digits(_ phone: String) -> String { phone.filter(\.isNumber) }

    /// A number as Voximplant compares it: digits only, a Russian trunk prefix `8` of an 11-digit number as `7`.
    static func normalised(_ phone: String) -> String {
        let digits = digits(phone)
        guard digits.count == 11, digits.hasPrefix("8") else { return digits }
        return "7" + digits.dropFirst()
    }

    /// Whether a call-list task's custom data (its CSV row as a JSON object) has a column whose value is exactly
    /// this number (already ``normalised(_:)``). Never a digit substring: "379000000006" or an order number that
    /// contains the digits is another person's task.
    static func holds(_ customData: String?, phone: String) -> Bool {
        guard let customData, !phone.isEmpty else { return false }
        func isNumber(_ text: String) -> Bool {
            text.contains(where: \.isNumber) && text.allSatisfy { $0.isNumber || " +-()".contains($0) }
        }
        func matches(_ text: String) -> Bool { isNumber(text) && normalised(text) == phone }
        guard let object = JSONValue.parse(Data(customData.utf8))?.objectValue else { return matches(customData) }
        return object.values.contains { value in
            if let text = value.stringValue { return matches(text) }
            return false
        }
    }

    private func deleteKeyValue(_ subject: String, operation: String) async throws -> Bool {
        let application = String(settings.applicationID)
        let existing = try await call("GetKeyValueItem", [("key", key(for: subject)), ("application_id", application)],
                                      operation: operation)
        guard existing["key"] != nil else { return false }
        _ = try await call("DelKeyValueItem", [("key", key(for: subject)), ("application_id", application)],
                           operation: operation)
        return true
    }

    private func callHistory(phone: String, operation: String) async throws -> [JSONValue] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        guard var start = formatter.date(from: settings.historyStart) else {
            throw ConnectorError(.invalidConfiguration, "\(name): historyStart must be yyyy-MM-dd")
        }
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let end = now()
        var sessions: [JSONValue] = []
        let window = TimeInterval(max(1, settings.historyWindowDays) * 86_400)
        while start < end {
            let stop = min(start.addingTimeInterval(window), end.addingTimeInterval(1))
            var offset = 0
            while offset <= 10_000 {
                let page = try await callList("GetCallHistory", [
                    ("from_date", formatter.string(from: start)), ("to_date", formatter.string(from: stop)),
                    ("remote_number", Self.digits(phone)), ("with_calls", "true"), ("with_records", "true"),
                    ("count", "1000"), ("offset", String(offset)),
                ], operation: operation)
                sessions += page
                if page.count < 1000 { break }
                offset += 1000
            }
            start = stop
        }
        return sessions
    }

    private func tasks(phone: String, operation: String) async throws -> [(Int, JSONValue)] {
        let digits = Self.normalised(phone)
        var found: [(Int, JSONValue)] = []
        for list in settings.callListIDs {
            var offset = 0
            while true {
                let page: [JSONValue]
                do {
                    page = try await callList("GetCallListDetails", [("list_id", String(list)), ("output", "json"),
                                                                     ("count", "1000"), ("offset", String(offset))],
                                              operation: operation)
                } catch let error as ConnectorError where error.code == .notFound {
                    break   // the list was deleted: nothing of the person left there
                }
                for task in page where Self.holds(task["custom_data"]?.stringValue, phone: digits) {
                    found.append((list, task))
                }
                if page.count < 1000 { break }
                offset += 1000
            }
        }
        return found
    }

    /// Cancels pending tasks holding the phone (and blanks their custom data when erasing); returns how many.
    private func cancelTasks(phone: String, overwrite: Bool, operation: String) async throws -> Int {
        let found = try await tasks(phone: phone, operation: operation)
        for (list, task) in found {
            guard let id = task["task_id"]?.stringValue else { continue }
            if overwrite {
                _ = try await call("EditCallListTask", [("list_id", String(list)), ("task_id", id),
                                                        ("custom_data", "{}")], operation: operation)
            }
            if [0, 1].contains(task["status_id"]?.intValue ?? -1) {
                _ = try await call("CancelCallListTask", [("list_id", String(list)), ("tasks_ids", id)],
                                   operation: operation)
            }
        }
        return found.count
    }

    private func callList(_ method: String, _ params: [(String, String)], operation: String) async throws
        -> [JSONValue] {
        try await call(method, params, operation: operation).arrayValue
    }

    private func call(_ method: String, _ params: [(String, String)], operation: String) async throws -> JSONValue {
        let url = endpoint.url(["platform_api", method])
        var fields = params
        var headers: [(name: String, value: String)] = []
        switch authentication {
        case .apiKey(let accountID, let apiKey):
            fields = [("account_id", accountID), ("api_key", apiKey.reveal())] + params
        case .jwt(let signer):
            headers.append(("Authorization", "Bearer " + (try await signer.token())))
        }
        let response = try await transport.send(.form(url, fields: fields, headers: headers, timeout: timeout))
        guard response.isSuccess else {
            throw ConnectorError.from(response: response, connector: name, operation: operation)
        }
        guard let json = response.json else {
            throw ConnectorError(.invalidResponse, "\(name) \(operation): \(method) answered without JSON")
        }
        if let error = json["error"] {
            throw Self.error(code: error["code"]?.intValue ?? 0, connector: name, operation: operation)
        }
        return json["result"] ?? .null
    }

    /// Maps a Management API error code (the message is dropped: it can echo arguments).
    static func error(code: Int64, connector: String, operation: String) -> ConnectorError {
        let what = "\(connector) \(operation) failed"
        switch code {
        case 100: return ConnectorError(.unauthorized, "\(what): authorization failed", apiErrorType: "100")
        case 104: return ConnectorError(.unauthorized, "\(what): command forbidden for the role", apiErrorType: "104")
        case 1, 2: return ConnectorError(.transient, "\(what): internal error", apiErrorType: String(code))
        case 102, 103: return ConnectorError(.invalidConfiguration, "\(what): unknown command", apiErrorType: String(code))
        case 251: return ConnectorError(.notFound, "\(what): call list not found", apiErrorType: "251")
        default: return ConnectorError(.permanent, "\(what): request rejected", apiErrorType: String(code))
        }
    }
}
