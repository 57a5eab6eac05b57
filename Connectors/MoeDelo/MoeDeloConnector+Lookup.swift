import ConnectorKit
import Foundation

/// Finding counterparties and contact persons, and the HTTP calls.
extension MoeDeloConnector {
    /// A counterparty and the contact persons that are the person's (all of an individual's; on a company, only
    /// the rows that are this person).
    struct Found {
        var model: [String: JSONValue]
        var contacts: [JSONValue]
    }

    static let types = ["Undefined": Int64(0), "Kontragent": 1, "Buyer": 2, "Seller": 3, "Other": 4]
    static let forms = ["UL": Int64(1), "IP": 2, "FL": 3, "NR": 4]
    static let pageSize = 100

    /// An enum value as its integer, whether the API sent the integer or the Swagger name.
    static func code(_ value: JSONValue?, _ names: [String: Int64]) -> Int64? {
        guard let value else { return nil }
        if let number = value.intValue { return number }
        return value.stringValue.flatMap { names[$0] }
    }

    static func isCompany(_ model: [String: JSONValue]) -> Bool {
        let form = code(model["Form"], forms)
        return form == 1 || form == 2
    }

    /// `counterparty` or `counterparty:contact`.
    static func parse(_ externalID: String) -> (counterparty: String, contact: String?) {
        let parts = externalID.split(separator: ":", maxSplits: 1).map(String.init)
        return (parts.first ?? externalID, parts.count > 1 ? parts[1] : nil)
    }

    static func matches(_ contact: JSONValue, email: String?, phone: String?) -> Bool {
        let emails = contact["Emails"]?.arrayValue.compactMap { $0["Email"]?.stringValue?.lowercased() } ?? []
        let phones = contact["Phones"]?.arrayValue.compactMap { $0["Number"]?.stringValue } ?? []
        return (email.map { emails.contains($0.lowercased()) } ?? false) || (phone.map { phones.contains($0) } ?? false)
    }

    /// The company's counterparty id: the known one, else found by ИНН, else (no ИНН known) by exact name among
    /// counterparties of the same form without an ИНН; created when missing (so a retried create finds the first).
    func company(_ target: MoeDeloCounterparty, knownID: String?) async throws -> String {
        if let knownID, let model = try await get(knownID)?.objectValue, Self.isCompany(model) { return knownID }
        if let inn = target.inn {
            if let row = try await first(query: [("inn", inn)], where: {
                $0["Inn"]?.stringValue == inn && Self.isCompany($0.objectValue ?? [:])
            }), let id = row["Id"]?.stringValue { return id }
        } else if let row = try await first(query: [("name", target.name)], where: { row in
            // Without an ИНН only a namesake without one is the same company: one with an ИНН may be another.
            row["Name"]?.stringValue == target.name && Self.code(row["Form"], Self.forms) == target.form
                && (row["Inn"]?.stringValue ?? "").isEmpty
        }), let id = row["Id"]?.stringValue { return id }
        let created = try await send("POST", [], body: target.createBody(type: settings.counterpartyType),
                                     operation: "upsert company")
        guard let id = created["Id"]?.stringValue else {
            throw ConnectorError(.invalidResponse, "\(name) upsert: the created counterparty has no Id")
        }
        return id
    }

    /// An individual's counterparty: by external id, by their own ИНН, or by exact name among individuals whose
    /// contact person has the same e-mail or phone.
    func individual(_ target: MoeDeloCounterparty, _ person: ConnectorPerson) async throws -> JSONValue? {
        if let id = person.externalID.map(Self.parse)?.counterparty, let model = try await get(id),
           Self.code(model["Form"], Self.forms) == 3 { return model }
        if let inn = target.inn, let row = try await first(query: [("inn", inn)], where: {
            $0["Inn"]?.stringValue == inn && Self.code($0["Form"], Self.forms) == 3
        }) { return row }
        guard person.email != nil || person.phone != nil else { return nil }
        for row in try await page(query: [("name", target.fio)], pageNo: 1)
        where row["Name"]?.stringValue == target.fio && Self.code(row["Form"], Self.forms) == 3 {
            guard let id = row["Id"]?.stringValue else { continue }
            if try await contactPersons(of: id).contains(where: {
                Self.matches($0, email: person.email, phone: person.phone)
            }) { return row }
        }
        return nil
    }

    /// The person's counterparty and contact rows: by external id, else by scanning counterparties' contact persons
    /// for the e-mail or phone.
    func locate(_ ref: PersonRef) async throws -> Found? {
        if let externalID = ref.externalID {
            let (id, contactID) = Self.parse(externalID)
            if let model = try await get(id)?.objectValue {
                guard let contactID else { return Found(model: model, contacts: try await contactPersons(of: id)) }
                let contact = try await getIfPresent([id, "contact", contactID], operation: "read contact")
                return Found(model: model, contacts: contact.map { [$0] } ?? [])
            }
        }
        guard ref.email != nil || ref.phone != nil else { return nil }
        var scanned = 0
        var pageNo = 1
        while scanned < settings.maxScan {
            let rows = try await page(query: [("pageSize", String(Self.pageSize))], pageNo: pageNo)
            for row in rows {
                scanned += 1
                guard let model = row.objectValue, let id = model["Id"]?.stringValue else { continue }
                let contacts = try await contactPersons(of: id)
                let mine = contacts.filter { Self.matches($0, email: ref.email, phone: ref.phone) }
                if !mine.isEmpty { return Found(model: model, contacts: Self.isCompany(model) ? mine : contacts) }
            }
            if rows.count < Self.pageSize { return nil }
            pageNo += 1
        }
        throw ConnectorError(.permanent, "\(name): person not found within \(settings.maxScan) counterparties; "
            + "the external id is needed")
    }

    /// The first counterparty of a filtered listing that `accept`s, paging until a short page.
    private func first(query: [(String, String)], where accept: (JSONValue) -> Bool) async throws -> JSONValue? {
        var pageNo = 1
        while pageNo <= max(1, settings.maxScan / Self.pageSize) {
            let rows = try await page(query: query + [("pageSize", String(Self.pageSize))], pageNo: pageNo)
            if let row = rows.first(where: accept) { return row }
            if rows.count < Self.pageSize { return nil }
            pageNo += 1
        }
        return nil
    }

    func get(_ id: String) async throws -> JSONValue? {
        try await getIfPresent([id], operation: "read")
    }

    private func getIfPresent(_ path: [String], operation: String) async throws -> JSONValue? {
        do {
            return try await send("GET", path, operation: operation)
        } catch let error as ConnectorError where error.code == .notFound {
            return nil
        }
    }

    private func page(query: [(String, String)], pageNo: Int) async throws -> [JSONValue] {
        let url = endpoint.url(Self.path, query: [("pageNo", String(pageNo))] + query)
        let response = try await sendRequest(.json("GET", url, headers: headers, timeout: timeout), "search")
        return response.json?["ResourceList"]?.arrayValue ?? response.json?.arrayValue ?? []
    }

    func contactPersons(of id: String) async throws -> [JSONValue] {
        guard let list = try await getIfPresent([id, "contact"], operation: "read contacts") else { return [] }
        return list["ResourceList"]?.arrayValue ?? list.arrayValue
    }

    // MARK: - HTTP

    private var headers: [(name: String, value: String)] { [("md-api-key", apiKey.reveal())] }

    func send(_ method: String, _ path: [String], body: JSONValue? = nil, operation: String) async throws
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
