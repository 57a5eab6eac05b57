public import ConnectorKit
public import Foundation

/// UniSender (and Selzy, same methods): contacts in mailing lists.
///
/// Every call is a urlencoded `POST {base}/{ru|en}/api/{method}` with `format=json` and `api_key` in the body.
/// UniSender answers errors with HTTP 200 and `{"error": "<text>", "code": "<code>"}`; the connector keeps the
/// code and drops the text (it can echo the address).
/// - upsert: `subscribe` with `double_optin=4` when the purpose asks for confirmation (contacts already
///   new or active are just added, others get the opt-in letter) or `3` when consent is already held (no
///   letter), and `overwrite=2` (only the fields passed are replaced). A re-permission
///   (``ConnectorPerson/reconfirm``) uses `double_optin=0`: the list's opt-in letter goes out whatever the
///   contact's status, and the contact is `invited` until they confirm. Returns `person_id`.
/// - suppress: withdrawal and objection use `unsubscribe` (the contact is marked unsubscribed in every list;
///   only the person can re-activate it); restriction uses `exclude` (leaves the lists, re-subscribable). Only
///   the channels in the reference are touched: the gateway puts there only what the purpose declares, so an
///   e-mail withdrawal never unsubscribes the phone. A refusal is an error (retried or dead-lettered), never
///   taken as done; only UniSender's documented `Contact "…" not found` means there is nothing to stop.
/// - batched upserts (``BatchUpserting``): `importContacts`, up to 500 people a call, for people whose consent is
///   already held (see `UniSenderConnector+Import`); people to invite still go through `subscribe`.
/// - erase: `importContacts` with a `delete=1` row (UniSender has no other deletion method).
/// - read: `getContact` with lists, fields and details.
/// - changes (``InboundPolling``): contact statuses of the lists through the asynchronous export (see
///   `UniSenderConnector+Polling`).
public struct UniSenderConnector: Connector {
    public let name: String
    private let endpoint: Endpoint
    private let apiKey: Secret
    let settings: UniSenderSettings
    let transport: any HTTPTransport
    let timeout: Duration?
    /// How often the pull asks whether an export task is done, and how many times before giving up.
    let exportPollInterval: Duration
    let exportPolls: Int
    let sleep: @Sendable (Duration) async throws -> Void

    /// The default base URL, `https://api.unisender.com` (Selzy: `https://api.selzy.com`).
    public static let defaultBaseURL = URL(string: "https://api.unisender.com")!

    /// Creates a connector.
    public init(
        name: String = "unisender",
        apiKey: Secret,
        settings: UniSenderSettings,
        transport: any HTTPTransport,
        baseURL: URL? = nil,
        timeout: Duration? = nil,
        exportPollInterval: Duration = .seconds(2),
        exportPolls: Int = 300,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.name = name
        self.apiKey = apiKey
        self.settings = settings
        self.transport = transport
        self.timeout = timeout
        self.exportPollInterval = exportPollInterval
        self.exportPolls = exportPolls
        self.sleep = sleep
        endpoint = Endpoint(base: baseURL ?? Self.defaultBaseURL)
    }

    // MARK: - Connector

    public func upsert(_ person: ConnectorPerson) async throws -> String? {
        guard person.email != nil || person.phone != nil else {
            throw ConnectorError(.permanent, "\(name) upsert: the purpose declares neither email nor phone")
        }
        var params: [(String, String)] = [("list_ids", settings.listIDs.map(String.init).joined(separator: ","))]
        params += contactFields(of: person).map { ("fields[\($0.name)]", $0.value) }
        if let tags = tags(of: person) { params.append(("tags", tags)) }
        params.append(("double_optin", person.reconfirm ? "0" : person.doubleOptIn ? "4" : "3"))
        params.append(("overwrite", "2"))
        let result = try await call("subscribe", params, operation: "upsert")
        return result["person_id"]?.stringValue
    }

    public func suppress(_ ref: PersonRef, reason: SuppressionReason) async throws {
        let method = reason == .restriction ? "exclude" : "unsubscribe"
        for (type, contact) in contacts(of: ref) {
            do {
                _ = try await call(method, [("contact_type", type), ("contact", contact)], operation: "suppress")
            } catch let error as ConnectorError where error.code == .notFound {
                continue   // UniSender's documented `Contact "…" not found`: nothing to stop there.
            }
        }
    }

    public func erase(_ ref: PersonRef) async throws -> ErasureOutcome {
        let contacts = contacts(of: ref)
        guard !contacts.isEmpty else { return .notFound }
        var params: [(String, String)] = [("field_names[0]", "email"), ("field_names[1]", "phone"),
                                          ("field_names[2]", "delete")]
        for (row, (type, contact)) in contacts.enumerated() {
            params.append(("data[\(row)][0]", type == "email" ? contact : ""))
            params.append(("data[\(row)][1]", type == "phone" ? contact : ""))
            params.append(("data[\(row)][2]", "1"))
        }
        let result = try await call("importContacts", params, operation: "erase")
        // Only a counted answer proves anything: `deleted` > 0 erased, 0 with no row rejected held nothing.
        guard let deleted = result["deleted"]?.intValue else {
            throw ConnectorError(.invalidResponse, "\(name) erase: importContacts answered without a deleted count")
        }
        if deleted > 0 { return .erased }
        if let rejected = result["log"]?.arrayValue.first {
            throw ConnectorError(.permanent, "\(name) erase: importContacts rejected the deletion row",
                                 apiErrorType: rejected["code"]?.stringValue)
        }
        return .notFound
    }

    public func read(_ ref: PersonRef) async throws -> ConnectorHolding? {
        guard let email = ref.email else { return nil }
        let result: JSONValue
        do {
            result = try await call("getContact", [("email", email), ("include_lists", "1"), ("include_fields", "1"),
                                                   ("include_details", "1")], operation: "read")
        } catch let error as ConnectorError where error.code == .notFound {
            return nil
        }
        guard result.objectValue != nil else { return nil }
        var fields: [String: String] = [:]
        let details = result["email"]?.objectValue != nil ? result["email"]! : result
        for key in ["email", "added_at", "status", "availability", "last_send_datetime", "last_delivery_datetime",
                    "last_read_datetime", "last_click_datetime", "rating"] {
            if let value = details[key]?.stringValue, !value.isEmpty { fields[key] = value }
        }
        let lists = result["lists"]?.arrayValue ?? details["lists"]?.arrayValue ?? []
        for list in lists {
            guard let id = list["id"]?.stringValue else { continue }
            fields["list.\(id)"] = [list["status"]?.stringValue, list["added_at"]?.stringValue.map { "added \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
        }
        for (key, value) in (result["fields"] ?? details["fields"])?.objectValue ?? [:] {
            if let text = value.stringValue, !text.isEmpty { fields["fields.\(key)"] = text }
        }
        return ConnectorHolding(connector: name, fields: fields, notes: [
            "UniSender also keeps per-campaign delivery records and clicked links for this address "
                + "(getCampaignDeliveryStats, getVisitedLinks), and the IP and time of any subscription request.",
        ])
    }

    // MARK: - Calls

    /// What UniSender is sent about `person`, under its UniSender names: `email` and `phone` (system fields), then
    /// the custom fields of ``UniSenderSettings/fieldNames``; only the purpose's declared, non-blank fields. The one
    /// field selection of `subscribe` and `importContacts`.
    ///
    /// `full_name` sent as UniSender's `Name` (the given name its letters greet with, `{{Name}}`) is the given name
    /// of the person's name order, split by the rule Mailchimp's `FNAME` uses (``ConnectorPerson/nameParts(order:)``;
    /// ``UniSenderSettings/nameOrder`` overrides the jurisdiction's order): "Иванова Анна Петровна" → "Анна" in
    /// Russia. Mapped to any other field, `full_name` goes whole.
    func contactFields(of person: ConnectorPerson) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        if let email = person.email { fields.append(("email", email)) }
        if let phone = person.phone { fields.append(("phone", phone)) }
        for (field, uniName) in settings.fieldNames.sorted(by: { $0.key < $1.key }) {
            guard var value = person.nonBlank(field) else { continue }
            if field == "full_name", uniName == "Name", let given = person.nameParts(order: settings.nameOrder)?.given {
                guard !given.isEmpty else { continue }
                value = given
            }
            fields.append((uniName, value))
        }
        return fields
    }

    /// The person's tags as UniSender takes them (at most 10, comma-separated, commas inside a tag made spaces), or
    /// `nil` when there are none.
    func tags(of person: ConnectorPerson) -> String? {
        let tags = person.tags.map { $0.replacingOccurrences(of: ",", with: " ") }.prefix(10)
        return tags.isEmpty ? nil : tags.joined(separator: ",")
    }

    private func contacts(of ref: PersonRef) -> [(String, String)] {
        var contacts: [(String, String)] = []
        if let email = ref.email, !email.isEmpty { contacts.append(("email", email)) }
        if let phone = ref.phone, !phone.isEmpty { contacts.append(("phone", phone)) }
        return contacts
    }

    func call(_ method: String, _ params: [(String, String)], operation: String) async throws -> JSONValue {
        let url = endpoint.url([settings.language, "api", method])
        let body = [("format", "json"), ("api_key", apiKey.reveal())] + params
        let response = try await transport.send(.form(url, fields: body, timeout: timeout))
        guard response.isSuccess else {
            throw ConnectorError.from(response: response, connector: name, operation: operation)
        }
        guard let json = response.json else {
            throw ConnectorError(.invalidResponse, "\(name) \(operation): \(method) answered without JSON",
                                 status: response.status)
        }
        if let code = json["code"]?.stringValue ?? (json["error"] != nil ? "unspecified" : nil) {
            throw Self.error(code: code, message: json["error"]?.stringValue ?? "", connector: name,
                             operation: operation)
        }
        return json["result"] ?? .null
    }

    /// Maps a UniSender error code; the message is only inspected, never kept (it can echo the address).
    static func error(code: String, message: String, connector: String, operation: String) -> ConnectorError {
        let what = "\(connector) \(operation) failed"
        switch code {
        case "invalid_api_key", "access_denied":
            return ConnectorError(.unauthorized, "\(what): API key refused", apiErrorType: code)
        case "api_call_limit_exceeded_for_api_key", "api_call_limit_exceeded_for_ip":
            return .rateLimited(retryAfter: nil, "\(what): call limit exceeded", status: nil)
        case "retry_later":
            return ConnectorError(.transient, "\(what): service asks to retry later", apiErrorType: code)
        case "not_enough_money":
            return ConnectorError(.unauthorized, "\(what): account balance too low", apiErrorType: code)
        case "unknown_method":
            return ConnectorError(.invalidConfiguration, "\(what): method unknown to this API", apiErrorType: code)
        case "unspecified" where message.lowercased().contains("not found"):
            return ConnectorError(.notFound, "\(what): contact not found", apiErrorType: code)
        default:
            return ConnectorError(.permanent, "\(what): request rejected", apiErrorType: code)
        }
    }
}
