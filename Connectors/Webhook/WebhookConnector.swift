public import ConnectorKit
public import Foundation

/// A generic signed webhook, for Bitrix24, amoCRM, Zapier, Make or an in-house service.
///
/// Each operation is a `POST` of `{"type", "id", "timestamp", "data"}` to the configured URL, signed by a
/// ``WebhookSigner``. `id` is the outbox event's idempotency key (stable across retries), so the receiver can
/// deduplicate. Thin payloads: only the purpose's declared fields, the pseudonymous subject, and for erasure
/// the e-mail/phone/external id the receiver needs to find its copy.
/// - `person.upsert`, `person.suppress` (`reason`), `person.erase`, `person.access`.
/// - The receiver answers `person.erase` with `{"status": "erased" | "not_found" | "cannot_erase",
///   "reason": "..."}`; any other 2xx is taken as an acknowledgement only (``ErasureOutcome/cannotErase(reason:)``
///   says pdgate could not confirm deletion). `person.access` answers `{"fields": {...}, "notes": [...]}`, or
///   404 when it holds nothing.
/// - 410 disables the endpoint (permanent); 429, 502, 503 and 504 throttle (honouring `Retry-After`); redirects
///   are failures.
public struct WebhookConnector: Connector {
    public let name: String
    private let url: URL
    private let signer: WebhookSigner
    private let transport: any HTTPTransport
    private let timeout: Duration?
    private let now: @Sendable () -> Date

    /// Creates a connector posting to `url`.
    public init(
        name: String = "webhook",
        url: URL,
        signer: WebhookSigner,
        transport: any HTTPTransport,
        timeout: Duration? = .seconds(15),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.name = name
        self.url = url
        self.signer = signer
        self.transport = transport
        self.timeout = timeout
        self.now = now
    }

    // MARK: - Connector

    public func upsert(_ person: ConnectorPerson) async throws -> String? {
        let data: JSONValue = [
            "subject": .string(person.subject), "purpose": .string(person.purpose),
            "fields": .object(person.fields.mapValues { .string($0) }), "tags": .array(person.tags.map { .string($0) }),
            "double_opt_in": .bool(person.doubleOptIn),
        ]
        _ = try await post("person.upsert", data, operation: "upsert")
        return nil
    }

    public func suppress(_ ref: PersonRef, reason: SuppressionReason) async throws {
        _ = try await post("person.suppress", Self.data(ref, ["reason": .string(reason.rawValue)]), operation: "suppress")
    }

    public func erase(_ ref: PersonRef) async throws -> ErasureOutcome {
        let response = try await post("person.erase", Self.data(ref), operation: "erase")
        switch response.json?["status"]?.stringValue {
        case "erased": return .erased
        case "not_found": return .notFound
        case "cannot_erase":
            let reason = response.json?["reason"]?.stringValue ?? "the receiver did not say why"
            return .cannotErase(reason: "The webhook receiver cannot erase: \(reason)")
        default:
            return .cannotErase(reason: "The webhook receiver acknowledged the erasure request but did not confirm "
                + "the deletion; pdgate cannot verify it.")
        }
    }

    public func read(_ ref: PersonRef) async throws -> ConnectorHolding? {
        let response: TransportResponse
        do {
            response = try await post("person.access", Self.data(ref), operation: "read", documentedNotFound: true)
        } catch let error as ConnectorError where error.code == .notFound {
            return nil
        }
        guard let fields = response.json?["fields"]?.objectValue else { return nil }
        let notes = response.json?["notes"]?.arrayValue.compactMap(\.stringValue) ?? []
        return ConnectorHolding(connector: name, fields: fields.compactMapValues(\.stringValue), notes: notes)
    }

    // MARK: - Delivery

    private static func data(_ ref: PersonRef, _ extra: [String: JSONValue] = [:]) -> JSONValue {
        var data: [String: JSONValue] = ["subject": .string(ref.subject)]
        if let email = ref.email { data["email"] = .string(email) }
        if let phone = ref.phone { data["phone"] = .string(phone) }
        if let externalID = ref.externalID { data["external_id"] = .string(externalID) }
        return .object(data.merging(extra) { _, new in new })
    }

    /// Posts one message.
    ///
    /// - Parameter documentedNotFound: A 404 is this call's documented answer "holds nothing" (only
    ///   `person.access`); for any other message a 404 is a wrong URL and is retried.
    private func post(_ type: String, _ data: JSONValue, operation: String, documentedNotFound: Bool = false)
        async throws -> TransportResponse {
        let id = ConnectorContext.idempotencyKey ?? "msg_\(UUID().uuidString.lowercased())"
        let date = now()
        let timestamp = Int64(date.timeIntervalSince1970)
        let body = JSONValue.object([
            "type": .string(type), "id": .string(id), "timestamp": .string(ISO8601DateFormatter().string(from: date)),
            "data": data,
        ]).encoded()
        var request = TransportRequest(method: "POST", url: url, body: body, timeout: timeout)
        request.setHeader("Content-Type", "application/json")
        for header in signer.headers(for: body, id: id, timestamp: timestamp) {
            request.setHeader(header.name, header.value)
        }
        let response = try await transport.send(request)
        switch response.status {
        case 200..<300:
            return response
        case 300..<400:
            throw ConnectorError(.permanent, "\(name) \(operation) failed: redirected", status: response.status)
        case 410:
            throw ConnectorError(.permanent, "\(name) \(operation) failed: endpoint gone", status: 410)
        case 429, 502, 503, 504:
            throw ConnectorError.rateLimited(retryAfter: response.retryAfter(now: date),
                                             "\(name) \(operation) failed: throttled", status: response.status)
        default:
            throw ConnectorError.from(response: response, connector: name, operation: operation,
                                      documentedNotFound: documentedNotFound)
        }
    }
}
