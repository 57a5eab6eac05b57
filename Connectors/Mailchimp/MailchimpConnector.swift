public import ConnectorKit
public import Foundation

/// Mailchimp Marketing API v3: audience members.
///
/// - upsert: `PUT /lists/{list}/members/{md5(lowercased email)}` with `status_if_new` (`pending` when the
///   purpose asks for double opt-in, so Mailchimp sends the confirmation, else `subscribed`), then
///   `POST …/tags` for the person's tags. An existing member's status is never changed by an upsert:
///   someone who unsubscribed in Mailchimp stays unsubscribed (only they can re-subscribe). A re-permission
///   (``ConnectorPerson/reconfirm``) also sets `status: pending`, so Mailchimp asks a listed member to confirm.
/// - batched upserts (``BatchUpserting``): `POST /lists/{list}` with up to 500 new members a call; members who
///   already exist are updated through the single upsert above (see `MailchimpConnector+Batch`).
/// - changes (``InboundPolling``): members whose status changed since a time (see `MailchimpConnector+Polling`).
/// - suppress: `PATCH …/members/{hash}` `{"status":"unsubscribed"}` in every audience holding the address.
/// - erase: `POST …/members/{hash}/actions/delete-permanent` in every audience holding the address. After it,
///   Mailchimp refuses to re-import the address (only the person's own signup brings them back).
/// - read: `GET …/members/{hash}` per audience.
///
/// Only Mailchimp's documented "not found" proves a member absent: HTTP 404 with the problem body titled
/// `Resource Not Found` on a member route. The audience lookup (`GET /lists?email=`) always exists, so any error
/// there, a 404 included, is an error; a bare 404 anywhere (a proxy, a wrong base URL) is retried, never read as
/// "nothing held".
///
/// Auth is HTTP Basic with any user and the API key; the data centre comes from the key's suffix
/// (`…-us14` → `https://us14.api.mailchimp.com/3.0`). Mailchimp allows 10 simultaneous connections per key:
/// keep the dispatcher's concurrency for this connector at 10 or less.
public struct MailchimpConnector: Connector {
    public let name: String

    /// Mailchimp allows 10 simultaneous connections per API key and answers the 11th with 429
    /// (https://mailchimp.com/developer/marketing/docs/fundamentals/#api-limits).
    public var maxConcurrentRequests: Int? { MailchimpConnectorFactory.simultaneousConnections }
    let endpoint: Endpoint
    private let authorization: String
    let settings: MailchimpSettings
    private let transport: any HTTPTransport
    let timeout: Duration?

    /// Creates a connector.
    ///
    /// - Parameters:
    ///   - apiKey: The API key (`<hex>-<dc>`), or an OAuth token when `baseURL` is given.
    ///   - baseURL: Overrides the URL derived from the key's data centre.
    /// - Throws: ``ConnectorError`` (``ConnectorError/Code/invalidConfiguration``) when the key has no data
    ///   centre suffix and no base URL is given.
    public init(
        name: String = "mailchimp",
        apiKey: Secret,
        settings: MailchimpSettings,
        transport: any HTTPTransport,
        baseURL: URL? = nil,
        timeout: Duration? = nil
    ) throws {
        self.name = name
        self.settings = settings
        self.transport = transport
        self.timeout = timeout
        if let baseURL {
            endpoint = Endpoint(base: baseURL)
        } else {
            guard let dc = Self.dataCenter(of: apiKey), let url = URL(string: "https://\(dc).api.mailchimp.com/3.0")
            else {
                throw ConnectorError(.invalidConfiguration,
                                     "connector \(name): the API key has no data centre suffix (like -us14)")
            }
            endpoint = Endpoint(base: url)
        }
        authorization = HTTPAuthorization.basic(user: "pdgate", password: apiKey)
    }

    /// The data centre from an API key's suffix: `…-us14` → `us14`; `nil` if it has none.
    public static func dataCenter(of apiKey: Secret) -> String? {
        let key = apiKey.reveal()
        guard let dash = key.lastIndex(of: "-") else { return nil }
        let dc = key[key.index(after: dash)...]
        guard !dc.isEmpty, dc.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return String(dc).lowercased()
    }

    /// Mailchimp's subscriber hash: hex MD5 of the trimmed, lower-cased address.
    public static func subscriberHash(_ email: String) -> String {
        Hex.encode(MD5.hash(Array(email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().utf8)))
    }

    // MARK: - Connector

    public func upsert(_ person: ConnectorPerson) async throws -> String? {
        guard let email = person.email else {
            throw ConnectorError(.permanent, "\(name) upsert: the purpose declares no email field")
        }
        let hash = Self.subscriberHash(email)
        var body: [String: JSONValue] = [
            "email_address": .string(email),
            "status_if_new": .string(Self.statusIfNew(of: person)),
        ]
        if person.reconfirm { body["status"] = "pending" }
        let mergeFields = self.mergeFields(for: person)
        if !mergeFields.isEmpty { body["merge_fields"] = .object(mergeFields) }
        let url = endpoint.url(["lists", settings.listID, "members", hash], query: [("skip_merge_validation", "true")])
        _ = try await send(.json("PUT", url, body: .object(body), headers: auth, timeout: timeout), "upsert")
        if !person.tags.isEmpty {
            let tags = JSONValue.array(person.tags.map { ["name": .string($0), "status": "active"] })
            let tagsURL = endpoint.url(["lists", settings.listID, "members", hash, "tags"])
            _ = try await send(.json("POST", tagsURL, body: ["tags": tags, "is_syncing": true], headers: auth,
                                     timeout: timeout), "tags")
        }
        return hash
    }

    public func suppress(_ ref: PersonRef, reason: SuppressionReason) async throws {
        guard let hash = hash(of: ref) else { return }
        for list in try await audiences(holding: ref) {
            let url = endpoint.url(["lists", list, "members", hash])
            do {
                _ = try await send(.json("PATCH", url, body: ["status": "unsubscribed"], headers: auth,
                                         timeout: timeout), "suppress", memberRoute: true)
            } catch let error as ConnectorError where error.code == .notFound {
                continue
            }
        }
    }

    public func erase(_ ref: PersonRef) async throws -> ErasureOutcome {
        guard let hash = hash(of: ref) else { return .notFound }
        var erased = false
        for list in try await audiences(holding: ref) {
            let url = endpoint.url(["lists", list, "members", hash, "actions", "delete-permanent"])
            do {
                _ = try await send(.json("POST", url, headers: auth, timeout: timeout), "erase", memberRoute: true)
                erased = true
            } catch let error as ConnectorError where error.code == .notFound {
                continue
            }
        }
        return erased ? .erased : .notFound
    }

    public func read(_ ref: PersonRef) async throws -> ConnectorHolding? {
        guard let hash = hash(of: ref) else { return nil }
        let lists = try await audiences(holding: ref)
        var fields: [String: String] = [:]
        for list in lists {
            let url = endpoint.url(["lists", list, "members", hash])
            let member: JSONValue
            do {
                guard let json = try await send(.json("GET", url, headers: auth, timeout: timeout), "read",
                                                memberRoute: true).json else {
                    throw ConnectorError(.invalidResponse, "\(name) read: member is not JSON")
                }
                member = json
            } catch let error as ConnectorError where error.code == .notFound {
                continue
            }
            let prefix = lists.count > 1 ? "\(list)." : ""
            for (key, value) in Self.describe(member) { fields[prefix + key] = value }
        }
        guard !fields.isEmpty else { return nil }
        return ConnectorHolding(connector: name, fields: fields, notes: [
            "Mailchimp also keeps this member's activity (opens, clicks, the last 50 events), notes, goals and "
                + "campaign statistics; a permanent deletion erases them and anonymises the reports.",
        ])
    }

    // MARK: - Helpers

    var auth: [(name: String, value: String)] { [("Authorization", authorization)] }

    private func hash(of ref: PersonRef) -> String? {
        if let email = ref.email, !email.isEmpty { return Self.subscriberHash(email) }
        if let id = ref.externalID, id.count == 32, Hex.decode(id) != nil { return id.lowercased() }
        return nil
    }

    /// The audiences to act on: the configured one, plus (with ``MailchimpSettings/allAudiences``) every
    /// audience `GET /lists?email=` says holds the address.
    private func audiences(holding ref: PersonRef) async throws -> [String] {
        var lists = [settings.listID]
        guard settings.allAudiences, let email = ref.email else { return lists }
        let url = endpoint.url(["lists"], query: [("email", email), ("fields", "lists.id"), ("count", "1000")])
        // The lookup route always exists: any error here (a 404 included) is an error, never "held nowhere".
        let response = try await send(.json("GET", url, headers: auth, timeout: timeout), "find audiences")
        guard let found = response.json?["lists"]?.arrayValue else {
            throw ConnectorError(.invalidResponse, "\(name) find audiences: the answer has no lists array",
                                 status: response.status)
        }
        for list in found {
            if let id = list["id"]?.stringValue, !lists.contains(id) { lists.append(id) }
        }
        return lists
    }

    /// The status a person is added with: `pending` when the purpose asks for double opt-in (Mailchimp sends the
    /// confirmation), else `subscribed`. The single and the batched upsert both use it.
    static func statusIfNew(of person: ConnectorPerson) -> String {
        person.doubleOptIn ? "pending" : "subscribed"
    }

    /// The merge fields sent for `person`: `FNAME`/`LNAME` from the full name in the configured order, and the
    /// configured merge fields the purpose declares. The single and the batched upsert both use it.
    func mergeFields(for person: ConnectorPerson) -> [String: JSONValue] {
        var merge: [String: JSONValue] = [:]
        if let name = person.nameParts(order: settings.nameOrder) {
            merge["FNAME"] = .string(name.given)
            merge["LNAME"] = .string(name.family)
        }
        for (field, tag) in settings.mergeFields {
            guard let value = person.nonBlank(field) else { continue }
            merge[tag] = .string(field == "birthday" ? Self.birthday(value) ?? value : value)
        }
        return merge
    }

    /// `yyyy-MM-dd` or `dd.MM.yyyy` → Mailchimp's birthday `MM/DD`.
    static func birthday(_ value: String) -> String? {
        let iso = value.split(separator: "-")
        if iso.count == 3, iso[0].count == 4 { return "\(iso[1])/\(iso[2])" }
        let ru = value.split(separator: ".")
        if ru.count == 3, ru[2].count == 4 { return "\(ru[1])/\(ru[0])" }
        return nil
    }

    private static func describe(_ member: JSONValue) -> [String: String] {
        var fields: [String: String] = [:]
        for key in ["email_address", "status", "unsubscribe_reason", "language", "vip", "ip_signup",
                    "timestamp_signup", "ip_opt", "timestamp_opt", "member_rating", "last_changed", "source",
                    "email_client", "sms_phone_number", "sms_subscription_status", "contact_id"] {
            if let value = member[key]?.stringValue, !value.isEmpty { fields[key] = value }
        }
        for (tag, value) in member["merge_fields"]?.objectValue ?? [:] {
            if let text = value.stringValue, !text.isEmpty {
                fields["merge_fields.\(tag)"] = text
            } else if let object = value.objectValue {
                let text = object.keys.sorted().compactMap { object[$0]?.stringValue }.filter { !$0.isEmpty }
                if !text.isEmpty { fields["merge_fields.\(tag)"] = text.joined(separator: ", ") }
            }
        }
        if let latitude = member["location"]?["latitude"]?.stringValue,
            let longitude = member["location"]?["longitude"]?.stringValue, latitude != "0" || longitude != "0" {
            fields["location"] = "\(latitude), \(longitude)"
        }
        let tags = member["tags"]?.arrayValue.compactMap { $0["name"]?.stringValue } ?? []
        if !tags.isEmpty { fields["tags"] = tags.sorted().joined(separator: ", ") }
        return fields
    }

    /// Sends a request and maps a failure.
    ///
    /// - Parameter memberRoute: The request addresses one member (`…/members/{hash}[/…]`), where Mailchimp's
    ///   documented 404 problem (`Resource Not Found`) means the member is not in that audience. Anywhere else a
    ///   404 is not proof that the person is absent.
    func send(_ request: TransportRequest, _ operation: String, memberRoute: Bool = false) async throws
        -> TransportResponse {
        let response = try await transport.send(request)
        guard !response.isSuccess else { return response }
        throw Self.error(for: response, connector: name, operation: operation, memberRoute: memberRoute)
    }

    /// Mailchimp's documented "not found" for a member route: HTTP 404 with the problem-detail body titled
    /// `Resource Not Found` (a bare 404, an HTML page or another title comes from elsewhere: a proxy, a wrong
    /// base URL).
    public static func isMemberNotFound(_ response: TransportResponse) -> Bool {
        response.status == 404 && response.json?["title"]?.stringValue == "Resource Not Found"
            && response.json?["status"]?.intValue == 404
    }

    /// Maps a Mailchimp error response: the problem's `title` is its error type (the `detail` can echo the
    /// address and is dropped). A 404 is ``ConnectorError/Code/notFound`` only on a member route with the
    /// documented problem body (``isMemberNotFound(_:)``); otherwise it is retried as an invalid response.
    static func error(for response: TransportResponse, connector: String, operation: String,
                      memberRoute: Bool = false) -> ConnectorError {
        let problem = response.json
        let title = problem?["title"]?.stringValue
        let what = "\(connector) \(operation) failed"
        switch response.status {
        case 403 where problem == nil:
            // Heavy throttling can show as a bare 403.
            return .rateLimited(retryAfter: nil, "\(what): throttled (bare 403)", status: 403)
        case 503 where title?.lowercased().contains("compliance") == true:
            return ConnectorError(.unauthorized, "\(what): account blocked for compliance review", status: 503,
                                  apiErrorType: title)
        case 429:
            return .rateLimited(retryAfter: response.retryAfter(), "\(what): too many simultaneous connections")
        default:
            return ConnectorError.from(response: response, connector: connector, operation: operation,
                                       apiErrorType: title,
                                       documentedNotFound: memberRoute && isMemberNotFound(response))
        }
    }
}
