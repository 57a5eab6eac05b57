public import ConnectorKit
public import Foundation

/// Moe Delo (restapi.moedelo.org): counterparties (`/kontragents/api/v1/kontragent`) and their contact persons.
///
/// Auth is the `md-api-key` header. Phones and e-mails live on contact persons, not on the counterparty.
/// - upsert: finds the counterparty by external id, by ИНН, or by exact name among individuals whose contact
///   person has the same e-mail or phone; creates it (`Form` 3, individual) or PUTs the full model back (the
///   API has no PATCH); then creates or updates one contact person with the e-mail and phone.
/// - suppress: PUT with `IsArchived: true` (archived counterparties drop out of selection lists).
/// - erase: deletes the contact persons, blanks the addresses and archives the counterparty. Its name and
///   ИНН stay (``ErasureOutcome/cannotErase(reason:)``): bills and acts may reference it and accounting
///   records are kept for 5 years; with ``MoeDeloSettings/deleteCounterparty`` it is deleted instead when
///   Moe Delo allows.
/// - read: the counterparty and its contact persons.
public struct MoeDeloConnector: Connector {
    public let name: String
    private let endpoint: Endpoint
    private let apiKey: Secret
    private let settings: MoeDeloSettings
    private let transport: any HTTPTransport
    private let timeout: Duration?

    /// `https://restapi.moedelo.org`.
    public static let defaultBaseURL = URL(string: "https://restapi.moedelo.org")!
    static let path = ["kontragents", "api", "v1", "kontragent"]

    /// Creates a connector.
    public init(
        name: String = "moedelo",
        apiKey: Secret,
        settings: MoeDeloSettings = MoeDeloSettings(),
        transport: any HTTPTransport,
        baseURL: URL? = nil,
        timeout: Duration? = nil
    ) {
        self.name = name
        self.apiKey = apiKey
        self.settings = settings
        self.transport = transport
        self.timeout = timeout
        endpoint = Endpoint(base: baseURL ?? Self.defaultBaseURL)
    }

    // MARK: - Connector

    public func upsert(_ person: ConnectorPerson) async throws -> String? {
        guard let fullName = person.nonBlank("full_name") else {
            throw ConnectorError(.permanent, "\(name) upsert: the purpose declares no full_name")
        }
        var model: [String: JSONValue]
        let id: String
        if let existing = try await find(person) {
            model = existing.objectValue ?? [:]
            id = existing["Id"]?.stringValue ?? ""
            model["Name"] = .string(fullName)
            if let inn = person.nonBlank("inn") { model["Inn"] = .string(inn) }
            if let address = person.nonBlank("address") { model["RegistrationAddress"] = .string(address) }
            model["IsArchived"] = false
            model["Type"] = .int(Self.code(model["Type"], Self.types) ?? Int64(settings.counterpartyType))
            model["Form"] = .int(Self.code(model["Form"], Self.forms) ?? 3)
            _ = try await send("PUT", [id], body: .object(model), operation: "upsert")
        } else {
            model = ["Name": .string(fullName), "Type": .int(Int64(settings.counterpartyType)), "Form": 3]
            if let inn = person.nonBlank("inn") { model["Inn"] = .string(inn) }
            if let address = person.nonBlank("address") { model["RegistrationAddress"] = .string(address) }
            let created = try await send("POST", [], body: .object(model), operation: "upsert")
            guard let newID = created["Id"]?.stringValue else {
                throw ConnectorError(.invalidResponse, "\(name) upsert: the created counterparty has no Id")
            }
            id = newID
        }
        guard person.email != nil || person.phone != nil else { return id }
        var contact: [String: JSONValue] = ["Fio": .string(fullName)]
        contact["Emails"] = .array(person.email.map { [["Email": .string($0)]] } ?? [])
        contact["Phones"] = .array(person.phone.map { [["Number": .string($0)]] } ?? [])
        let contacts = try await contactPersons(of: id)
        let mine = contacts.first { Self.matches($0, email: person.email, phone: person.phone) }
            ?? contacts.first { $0["Fio"]?.stringValue == fullName }
        if let contactID = mine?["Id"]?.stringValue {
            _ = try await send("PUT", [id, "contact", contactID], body: .object(contact), operation: "upsert contact")
        } else {
            _ = try await send("POST", [id, "contact"], body: .object(contact), operation: "upsert contact")
        }
        return id
    }

    public func suppress(_ ref: PersonRef, reason: SuppressionReason) async throws {
        guard var model = try await locate(ref)?.objectValue, let id = model["Id"]?.stringValue else { return }
        guard model["IsArchived"]?.boolValue != true else { return }
        model["IsArchived"] = true
        _ = try await send("PUT", [id], body: .object(model), operation: "suppress")
    }

    public func erase(_ ref: PersonRef) async throws -> ErasureOutcome {
        guard var model = try await locate(ref)?.objectValue, let id = model["Id"]?.stringValue else {
            return .notFound
        }
        for contact in try await contactPersons(of: id) {
            guard let contactID = contact["Id"]?.stringValue else { continue }
            do {
                _ = try await send("DELETE", [id, "contact", contactID], operation: "erase contact")
            } catch let error as ConnectorError where error.code == .notFound {
                continue
            }
        }
        if settings.deleteCounterparty {
            do {
                _ = try await send("DELETE", [id], operation: "erase")
                return .erased
            } catch let error as ConnectorError where error.code == .notFound {
                return .erased
            } catch let error as ConnectorError where error.code == .permanent {
                // Refused (referenced by documents): archive and blank instead.
            }
        }
        for field in ["LegalAddress", "ActualAddress", "RegistrationAddress"] { model[field] = "" }
        model["IsArchived"] = true
        model["Type"] = .int(Self.code(model["Type"], Self.types) ?? Int64(settings.counterpartyType))
        model["Form"] = .int(Self.code(model["Form"], Self.forms) ?? 3)
        _ = try await send("PUT", [id], body: .object(model), operation: "erase")
        return .cannotErase(reason: "Moe Delo keeps the counterparty's name and ИНН: bills and acts may reference it "
            + "and accounting records are kept for at least 5 years after the reporting year (402-FZ art. 29); "
            + "its contact persons were deleted, its addresses blanked and it was archived.")
    }

    public func read(_ ref: PersonRef) async throws -> ConnectorHolding? {
        guard let model = try await locate(ref), let id = model["Id"]?.stringValue else { return nil }
        var fields: [String: String] = [:]
        for key in ["Id", "Name", "ShortName", "Inn", "Ogrn", "Kpp", "LegalAddress", "ActualAddress",
                    "RegistrationAddress", "IsArchived", "Fio", "PersonalData"] {
            if let value = model[key]?.stringValue, !value.isEmpty { fields[key] = value }
        }
        for (index, contact) in try await contactPersons(of: id).enumerated() {
            let prefix = "contact.\(index + 1)"
            if let fio = contact["Fio"]?.stringValue { fields["\(prefix).Fio"] = fio }
            let emails = contact["Emails"]?.arrayValue.compactMap { $0["Email"]?.stringValue } ?? []
            let phones = contact["Phones"]?.arrayValue.compactMap { $0["Number"]?.stringValue } ?? []
            if !emails.isEmpty { fields["\(prefix).Emails"] = emails.joined(separator: ", ") }
            if !phones.isEmpty { fields["\(prefix).Phones"] = phones.joined(separator: ", ") }
        }
        return ConnectorHolding(connector: name, fields: fields, notes: [
            "Bills, acts and other accounting documents naming this counterparty are kept for at least 5 years "
                + "after the reporting year (402-FZ art. 29).",
        ])
    }

    // MARK: - Finding

    static let types = ["Undefined": Int64(0), "Kontragent": 1, "Buyer": 2, "Seller": 3, "Other": 4]
    static let forms = ["UL": Int64(1), "IP": 2, "FL": 3, "NR": 4]

    /// An enum value as its integer, whether the API sent the integer or the Swagger name.
    static func code(_ value: JSONValue?, _ names: [String: Int64]) -> Int64? {
        guard let value else { return nil }
        if let number = value.intValue { return number }
        return value.stringValue.flatMap { names[$0] }
    }

    private static func matches(_ contact: JSONValue, email: String?, phone: String?) -> Bool {
        let emails = contact["Emails"]?.arrayValue.compactMap { $0["Email"]?.stringValue?.lowercased() } ?? []
        let phones = contact["Phones"]?.arrayValue.compactMap { $0["Number"]?.stringValue } ?? []
        return (email.map { emails.contains($0.lowercased()) } ?? false) || (phone.map { phones.contains($0) } ?? false)
    }

    private func find(_ person: ConnectorPerson) async throws -> JSONValue? {
        if let id = person.externalID, let model = try await get(id) { return model }
        if let inn = person.nonBlank("inn") {
            let rows = try await page(query: [("inn", inn)], pageNo: 1)
            if let row = rows.first(where: { $0["Inn"]?.stringValue == inn }) { return row }
        }
        guard let fullName = person.nonBlank("full_name"), person.email != nil || person.phone != nil else {
            return nil
        }
        for row in try await page(query: [("name", fullName)], pageNo: 1)
        where row["Name"]?.stringValue == fullName && Self.code(row["Form"], Self.forms) == 3 {
            guard let id = row["Id"]?.stringValue else { continue }
            if try await contactPersons(of: id).contains(where: {
                Self.matches($0, email: person.email, phone: person.phone)
            }) {
                return row
            }
        }
        return nil
    }

    /// By external id, else by scanning individuals' contact persons for the e-mail or phone.
    private func locate(_ ref: PersonRef) async throws -> JSONValue? {
        if let id = ref.externalID, let model = try await get(id) { return model }
        guard ref.email != nil || ref.phone != nil else { return nil }
        var scanned = 0
        var pageNo = 1
        let pageSize = 100
        while scanned < settings.maxScan {
            let rows = try await page(query: [("pageSize", String(pageSize))], pageNo: pageNo)
            for row in rows where Self.code(row["Form"], Self.forms) == 3 {
                scanned += 1
                guard let id = row["Id"]?.stringValue else { continue }
                if try await contactPersons(of: id).contains(where: {
                    Self.matches($0, email: ref.email, phone: ref.phone)
                }) {
                    return row
                }
            }
            if rows.count < pageSize { return nil }
            pageNo += 1
        }
        throw ConnectorError(.permanent, "\(name): person not found within \(settings.maxScan) counterparties; "
            + "the external id is needed")
    }

    private func get(_ id: String) async throws -> JSONValue? {
        do {
            return try await send("GET", [id], operation: "read")
        } catch let error as ConnectorError where error.code == .notFound {
            return nil
        }
    }

    private func page(query: [(String, String)], pageNo: Int) async throws -> [JSONValue] {
        let url = endpoint.url(Self.path, query: [("pageNo", String(pageNo))] + query)
        let response = try await sendRequest(.json("GET", url, headers: headers, timeout: timeout), "search")
        return response.json?["ResourceList"]?.arrayValue ?? response.json?.arrayValue ?? []
    }

    private func contactPersons(of id: String) async throws -> [JSONValue] {
        let list: JSONValue
        do {
            list = try await send("GET", [id, "contact"], operation: "read contacts")
        } catch let error as ConnectorError where error.code == .notFound {
            return []
        }
        return list["ResourceList"]?.arrayValue ?? list.arrayValue
    }

    // MARK: - HTTP

    private var headers: [(name: String, value: String)] { [("md-api-key", apiKey.reveal())] }

    private func send(_ method: String, _ path: [String], body: JSONValue? = nil, operation: String) async throws
        -> JSONValue {
        let url = endpoint.url(Self.path + path)
        let response = try await sendRequest(.json(method, url, body: body, headers: headers, timeout: timeout),
                                             operation)
        return response.json ?? .null
    }

    private func sendRequest(_ request: TransportRequest, _ operation: String) async throws -> TransportResponse {
        let response = try await transport.send(request)
        guard !response.isSuccess else { return response }
        let type = response.json?["ValidationErrors"] != nil ? "ValidationErrors" : nil
        if response.status == 422 {
            throw ConnectorError(.permanent, "\(name) \(operation) failed: validation", status: 422, apiErrorType: type)
        }
        throw ConnectorError.from(response: response, connector: name, operation: operation, apiErrorType: type,
                                  documentedNotFound: Self.isResourceNotFound(response))
    }

    /// Moe Delo's "not found" for an existing route: a 404 whose JSON `Message` is not ASP.NET's routing failure
    /// ("No HTTP resource was found that matches the request URI", a wrong path). A bare or HTML 404 proves
    /// nothing about the counterparty.
    static func isResourceNotFound(_ response: TransportResponse) -> Bool {
        guard response.status == 404, let message = response.json?["Message"]?.stringValue else { return false }
        return !message.lowercased().contains("no http resource")
    }
}
