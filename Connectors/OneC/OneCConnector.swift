public import ConnectorKit
public import Foundation

/// 1C:Enterprise through its standard OData interface (v3): the counterparty catalog (`Catalog_Контрагенты`).
///
/// The base URL is the publication's `…/odata/standard.odata`; auth is HTTP Basic as an infobase user.
/// Every request asks for `$format=json`.
/// - upsert: finds the counterparty by external id (`Ref_Key`), by the marker `pdgate:<subject>` in the
///   comment, or by ИНН; then PATCHes it (with `If-Match: DataVersion`) or POSTs a new one as an individual.
///   Phone and e-mail are rows of the `КонтактнаяИнформация` tabular section, which 1C replaces whole: rows of
///   other types are kept. Clears a deletion mark.
/// - suppress: sets `DeletionMark` (reversible; marked objects drop out of selection lists). Accounting
///   documents are untouched.
/// - erase: probes the configured document sets for references. Referenced (or not checkable): contact rows,
///   the comment and identity-document text are cleared, name and ИНН stay for the accounting retention
///   (402-FZ art. 29: at least 5 years), and the outcome is ``ErasureOutcome/cannotErase(reason:)``.
///   Unreferenced: name, ИНН and contacts are blanked and the object marked for deletion. Never a direct
///   DELETE: 1C does not check references on it and would leave documents pointing nowhere.
/// - read: the counterparty's properties and contact rows.
///
/// Every call first checks, once, that the publication's `$metadata` has the properties the settings name
/// (``checkSchema()``). Writes of the tabular section carry `КонтактнаяИнформация@odata.type`. Suppression and
/// erasure are confirmed only by reading the counterparty back; what 1C did not clear is reported as a manual step.
/// A 500 with code -1 is a refused write, dead-lettered with 1C's message (masked), not retried. `If-Match`
/// carries the `DataVersion` read before a write; a base that ignores it is covered by the read-back, which
/// compares what was written with what is stored. `CALLS.md` lists every call.
public struct OneCConnector: Connector {
    public let name: String
    let endpoint: Endpoint
    private let authorization: String
    let settings: OneCSettings
    private let transport: any HTTPTransport
    private let timeout: Duration?
    private let kinds = KindCache()
    let schema = SchemaCheck()

    /// Creates a connector.
    ///
    /// - Parameter baseURL: The publication's `http(s)://host/<publication>/odata/standard.odata`.
    public init(
        name: String = "onec",
        baseURL: URL,
        user: String,
        password: Secret,
        settings: OneCSettings = OneCSettings(),
        transport: any HTTPTransport,
        timeout: Duration? = nil
    ) {
        self.name = name
        endpoint = Endpoint(base: baseURL)
        authorization = HTTPAuthorization.basic(user: user, password: password)
        self.settings = settings
        self.transport = transport
        self.timeout = timeout
    }

    static let zeroGUID = "00000000-0000-0000-0000-000000000000"

    // MARK: - Connector

    public func upsert(_ person: ConnectorPerson) async throws -> String? {
        try await checkSchema()
        let marker = Self.marker(person.subject)
        let existing = try await find(externalID: person.externalID, subject: person.subject, inn: person.nonBlank("inn"))
        var body: [String: JSONValue] = ["DeletionMark": false]
        if let fullName = person.nonBlank("full_name") {
            body["Description"] = .string(String(fullName.prefix(100)))
            body["НаименованиеПолное"] = .string(fullName)
        }
        if let inn = person.nonBlank("inn") { body["ИНН"] = .string(inn) }
        let comment = existing?[settings.commentField]?.stringValue ?? ""
        if !comment.contains(marker) {
            body[settings.commentField] = .string(comment.isEmpty ? marker : comment + "\n" + marker)
        }
        let keptRows = (existing?["КонтактнаяИнформация"]?.arrayValue ?? []).filter {
            !["Телефон", "АдресЭлектроннойПочты"].contains($0["Тип"]?.stringValue ?? "")
        }
        var rows = keptRows.map { row -> [String: JSONValue] in (row.objectValue ?? [:]).filter { $0.key != "Ref_Key" } }
        if let phone = person.phone {
            var row: [String: JSONValue] = ["Тип": "Телефон", "Представление": .string(phone),
                                            "НомерТелефона": .string(phone)]
            if let kind = try await kindKey(predefined: "ТелефонКонтрагента", configured: settings.phoneKindKey) {
                row["Вид_Key"] = .string(kind)
            }
            rows.append(row)
        }
        if let email = person.email {
            var row: [String: JSONValue] = ["Тип": "АдресЭлектроннойПочты", "Представление": .string(email),
                                            "АдресЭП": .string(email)]
            if let kind = try await kindKey(predefined: "EmailКонтрагента", configured: settings.emailKindKey) {
                row["Вид_Key"] = .string(kind)
            }
            rows.append(row)
        }
        body[rowTypeAnnotation] = .string(rowType)
        body["КонтактнаяИнформация"] = .array(rows.enumerated().map { index, row in
            var row = row
            row["LineNumber"] = .string(String(index + 1))
            return .object(row)
        })
        if let existing, let key = existing["Ref_Key"]?.stringValue {
            try await patch(key, body, dataVersion: existing["DataVersion"]?.stringValue, operation: "upsert")
            return key
        }
        body[settings.legalFormField] = .string(settings.individualValue)
        let url = endpoint.url([settings.entitySet], query: [("$format", "json")])
        let created = try await send(.json("POST", url, body: .object(body), headers: headers), "upsert")
        guard let key = created.json?["Ref_Key"]?.stringValue else {
            throw ConnectorError(.invalidResponse, "\(name) upsert: the created object has no Ref_Key",
                                 status: created.status)
        }
        return key
    }

    public func suppress(_ ref: PersonRef, reason: SuppressionReason) async throws {
        try await checkSchema()
        guard let existing = try await find(externalID: ref.externalID, subject: ref.subject, inn: nil),
            let key = existing["Ref_Key"]?.stringValue else { return }
        if existing["DeletionMark"]?.boolValue == true { return }
        try await patch(key, ["DeletionMark": true], dataVersion: existing["DataVersion"]?.stringValue,
                        operation: "suppress")
        guard try await readBack(key)["DeletionMark"]?.boolValue == true else {
            throw ConnectorError(.permanent, "\(name) suppress: counterparty \(key) still reads as not marked for "
                + "deletion; mark it by hand in 1C")
        }
    }

    public func erase(_ ref: PersonRef) async throws -> ErasureOutcome {
        try await checkSchema()
        guard let existing = try await find(externalID: ref.externalID, subject: ref.subject, inn: nil),
            let key = existing["Ref_Key"]?.stringValue else { return .notFound }
        let unchecked = try await referencingSets(key)
        var body: [String: JSONValue] = ["КонтактнаяИнформация": [], rowTypeAnnotation: .string(rowType),
                                         settings.commentField: .string(Self.marker(ref.subject))]
        for field in settings.freeTextFields { body[field] = "" }
        if unchecked.referenced.isEmpty && unchecked.unknown.isEmpty {
            let placeholder = "pdgate: erased \(ref.subject)"
            body["Description"] = .string(String(placeholder.prefix(100)))
            body["НаименованиеПолное"] = .string(placeholder)
            body["ИНН"] = ""
            body["DeletionMark"] = true
            try await patch(key, body, dataVersion: existing["DataVersion"]?.stringValue, operation: "erase")
            if let left = try await notCleared(key, body) { return left }
            return .erased
        }
        try await patch(key, body, dataVersion: existing["DataVersion"]?.stringValue, operation: "erase")
        if let left = try await notCleared(key, body) { return left }
        var reason = "1C keeps the counterparty's name and ИНН because "
        if !unchecked.referenced.isEmpty {
            reason += "accounting documents (\(unchecked.referenced.joined(separator: ", "))) reference it and must be "
                + "kept for at least 5 years after the reporting year (402-FZ art. 29)"
        } else {
            reason += "references from \(unchecked.unknown.joined(separator: ", ")) could not be checked (not "
                + "published in OData)"
        }
        reason += "; its contact details, comment and identity-document text were cleared (confirmed by reading "
            + "counterparty \(key) back)."
        return .cannotErase(reason: reason)
    }

    public func read(_ ref: PersonRef) async throws -> ConnectorHolding? {
        try await checkSchema()
        guard let existing = try await find(externalID: ref.externalID, subject: ref.subject, inn: nil) else {
            return nil
        }
        var fields: [String: String] = [:]
        for key in ["Code", "Description", "НаименованиеПолное", "ИНН", "КПП", settings.legalFormField,
                    settings.commentField, "DeletionMark"] + settings.freeTextFields {
            if let value = existing[key]?.stringValue, !value.isEmpty { fields[key] = value }
        }
        for row in existing["КонтактнаяИнформация"]?.arrayValue ?? [] {
            guard let type = row["Тип"]?.stringValue, let text = row["Представление"]?.stringValue else { continue }
            let line = row["LineNumber"]?.stringValue ?? "?"
            fields["КонтактнаяИнформация.\(line).\(type)"] = text
        }
        return ConnectorHolding(connector: name, fields: fields, notes: [
            "Accounting documents and registers that reference this counterparty are kept for at least 5 years "
                + "after the reporting year (402-FZ art. 29).",
        ])
    }

    // MARK: - OData

    static func marker(_ subject: String) -> String { "pdgate:\(subject)" }

    var headers: [(name: String, value: String)] { [("Authorization", authorization)] }

    func entityURL(_ key: String) -> URL {
        endpoint.url(["\(settings.entitySet)(guid'\(key)')"], query: [("$format", "json")], keeping: "()'")
    }

    /// An OData string literal: quotes doubled.
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    private func find(externalID: String?, subject: String, inn: String?) async throws -> JSONValue? {
        if let externalID, Self.isGUID(externalID) {
            do {
                return try await send(.json("GET", entityURL(externalID), headers: headers), "find").json
            } catch let error as ConnectorError where error.code == .notFound {
                // Deleted in 1C; fall back to the marker.
            }
        }
        let marker = Self.marker(subject)
        let byMarker = try await list(filter: "substringof(\(Self.literal(marker)), \(settings.commentField))")
        if let match = byMarker.first(where: { Self.hasMarker($0[settings.commentField]?.stringValue, marker) }) {
            return match
        }
        guard let inn else { return nil }
        let byINN: [JSONValue]
        do {
            byINN = try await list(filter: "ИНН eq \(Self.literal(inn))")
        } catch let error as ConnectorError where error.code == .permanent {
            // Some publications reject `ИНН eq`; substringof plus an exact comparison here.
            byINN = try await list(filter: "substringof(\(Self.literal(inn)), ИНН)")
        }
        return byINN.first { $0["ИНН"]?.stringValue == inn && $0["IsFolder"]?.boolValue != true }
    }

    private static func hasMarker(_ comment: String?, _ marker: String) -> Bool {
        (comment ?? "").split(whereSeparator: \.isNewline).contains { $0.trimmingCharacters(in: .whitespaces) == marker }
    }

    private func list(filter: String, set: String? = nil, top: Int? = nil, select: String? = nil) async throws
        -> [JSONValue] {
        var query = [("$format", "json"), ("$filter", filter)]
        if let top { query.append(("$top", String(top))) }
        if let select { query.append(("$select", select)) }
        let url = endpoint.url([set ?? settings.entitySet], query: query)
        return try await send(.json("GET", url, headers: headers), "query").json?["value"]?.arrayValue ?? []
    }

    private func patch(_ key: String, _ body: [String: JSONValue], dataVersion: String?, operation: String)
        async throws {
        var request = TransportRequest.json("PATCH", entityURL(key), body: .object(body), headers: headers,
                                            timeout: timeout)
        if let dataVersion { request.setHeader("If-Match", dataVersion) }
        _ = try await send(request, operation)
    }

    /// Sets that reference the counterparty, and sets whose probe could not run.
    private func referencingSets(_ key: String) async throws -> (referenced: [String], unknown: [String]) {
        var referenced: [String] = []
        var unknown: [String] = []
        for probe in settings.referenceProbes {
            do {
                let rows = try await list(filter: "\(probe.field) eq guid'\(key)'", set: probe.set, top: 1,
                                          select: "Ref_Key")
                if !rows.isEmpty { referenced.append(probe.set) }
            } catch let error as ConnectorError where error.code == .notFound || error.code == .permanent {
                unknown.append(probe.set)
            }
        }
        return (referenced, unknown)
    }

    private func kindKey(predefined: String, configured: String?) async throws -> String? {
        if let configured { return configured }
        if let cached = await kinds.value(for: predefined) { return cached }
        let rows = try await list(filter: "PredefinedDataName eq \(Self.literal(predefined))",
                                  set: "Catalog_ВидыКонтактнойИнформации", top: 1, select: "Ref_Key")
        let key = rows.first?["Ref_Key"]?.stringValue
        await kinds.store(key ?? "", for: predefined)
        return key
    }

    static func isGUID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.map(\.count) == [8, 4, 4, 4, 12] && parts.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    func send(_ request: TransportRequest, _ operation: String) async throws -> TransportResponse {
        var request = request
        if request.timeout == nil { request.timeout = timeout }
        let response = try await transport.send(request)
        guard !response.isSuccess else { return response }
        let error = response.json?["odata.error"]
        if let business = Self.businessError(response, connector: name, operation: operation) { throw business }
        let code = error?["code"]?.stringValue.map { "odata \($0)" }
        // OData's "not found" is a 404 carrying an `odata.error` body; a bare or HTML 404 (a wrong publication
        // path, a web server in front) proves nothing about the counterparty.
        throw ConnectorError.from(response: response, connector: name, operation: operation, apiErrorType: code,
                                  documentedNotFound: error != nil)
    }
}

/// Contact-kind keys looked up once per connector.
actor KindCache {
    private var keys: [String: String] = [:]

    func value(for name: String) -> String? {
        guard let key = keys[name] else { return nil }
        return key.isEmpty ? nil : key
    }

    func store(_ key: String, for name: String) { keys[name] = key }
}
