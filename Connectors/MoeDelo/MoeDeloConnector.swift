public import ConnectorKit
public import Foundation

/// Moe Delo (restapi.moedelo.org): counterparties (`/kontragents/api/v1/kontragent`) and their contact persons,
/// through the routes and fields of Moe Delo's published API (`CALLS.md` in this folder lists every call).
///
/// Auth is the `md-api-key` header. Phones and e-mails live on contact persons, not on the counterparty.
/// - upsert: a person with a company becomes a contact person of the company's counterparty (a legal entity,
///   found by ИНН or by exact name among legal entities, created when missing; pdgate never rewrites a company's
///   record); anyone else is an individual counterparty (`Form` 3), found by external id, ИНН, or exact name with
///   the same e-mail or phone, else created; an existing one is PUT back with only `KontragentModel`'s fields and
///   its `IsArchived` as it was. The external id is `counterparty` or `counterparty:contact`.
/// - suppress: a company's contact person is deleted; an individual is archived (`IsArchived`, in the published
///   model), confirmed by reading the counterparty back.
/// - erase: the person's contact persons are deleted and confirmed gone. An individual's counterparty keeps its
///   name and ИНН (bills and acts may reference it; 402-FZ art. 29): its addresses are blanked and it is archived,
///   and the outcome names the counterparty to delete by hand when the period ends; with
///   ``MoeDeloSettings/deleteCounterparty`` it is deleted instead when Moe Delo allows.
/// - read: the counterparty and the person's contact persons.
public struct MoeDeloConnector: Connector {
    public let name: String
    let endpoint: Endpoint
    let apiKey: Secret
    let settings: MoeDeloSettings
    let transport: any HTTPTransport
    let timeout: Duration?
    let companies = CompanyGate()

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
        guard let target = MoeDeloCounterparty(person) else {
            throw ConnectorError(.permanent, "\(name) upsert: the purpose declares no full_name")
        }
        let id: String
        if target.isCompanyContact {
            let known = person.externalID.map(Self.parse)?.counterparty
            id = try await companies.run(target.inn ?? target.name) { try await company(target, knownID: known) }
        } else if let existing = try await individual(target, person),
                  let model = existing.objectValue, let existingID = model["Id"]?.stringValue {
            id = existingID
            let body = target.updateBody(of: model, type: settings.counterpartyType)
            if body != .object(MoeDeloCounterparty.writable(model, type: settings.counterpartyType)) {
                _ = try await send("PUT", [id], body: body, operation: "upsert")
            }
        } else {
            let created = try await send("POST", [], body: target.createBody(type: settings.counterpartyType),
                                         operation: "upsert")
            guard let newID = created["Id"]?.stringValue else {
                throw ConnectorError(.invalidResponse, "\(name) upsert: the created counterparty has no Id")
            }
            id = newID
        }
        guard target.isCompanyContact || person.email != nil || person.phone != nil else { return id }
        var contact: [String: JSONValue] = ["Fio": .string(target.fio)]
        contact["Emails"] = .array(person.email.map { [["Email": .string($0)]] } ?? [])
        contact["Phones"] = .array(person.phone.map { [["Number": .string($0)]] } ?? [])
        let contacts = try await contactPersons(of: id)
        // The row pdgate created (external id), else one with the same e-mail or phone, else the same ФИО (a retried
        // create; accounting sends no contacts, so two namesakes of one company share a row that holds only the name).
        let known = person.externalID.map(Self.parse)?.contact
        let mine = contacts.first { known != nil && $0["Id"]?.stringValue == known }
            ?? contacts.first { Self.matches($0, email: person.email, phone: person.phone) }
            ?? contacts.first { $0["Fio"]?.stringValue == target.fio }
        var contactID = mine?["Id"]?.stringValue
        if let existing = contactID {
            if Self.contactBody(mine) != .object(contact) {
                _ = try await send("PUT", [id, "contact", existing], body: .object(contact),
                                   operation: "upsert contact")
            }
        } else {
            contactID = try await send("POST", [id, "contact"], body: .object(contact),
                                       operation: "upsert contact")["Id"]?.stringValue
        }
        guard target.isCompanyContact, let contactID else { return id }
        return "\(id):\(contactID)"
    }

    public func suppress(_ ref: PersonRef, reason: SuppressionReason) async throws {
        guard let found = try await locate(ref), let id = found.model["Id"]?.stringValue else { return }
        if Self.isCompany(found.model) {
            try await deleteContacts(found.contacts, of: id)
            return
        }
        guard found.model["IsArchived"]?.boolValue != true else { return }
        var model = MoeDeloCounterparty.writable(found.model, type: settings.counterpartyType)
        model["IsArchived"] = true
        _ = try await send("PUT", [id], body: .object(model), operation: "suppress")
        guard try await get(id)?["IsArchived"]?.boolValue == true else {
            throw ConnectorError(.permanent, "\(name) suppress: counterparty \(id) still reads as not archived; "
                + "archive it by hand in Moe Delo")
        }
    }

    public func erase(_ ref: PersonRef) async throws -> ErasureOutcome {
        guard let found = try await locate(ref), let id = found.model["Id"]?.stringValue else { return .notFound }
        try await deleteContacts(found.contacts, of: id)
        if Self.isCompany(found.model) { return .erased }
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
        var model = MoeDeloCounterparty.writable(found.model, type: settings.counterpartyType)
        for field in ["LegalAddress", "ActualAddress", "RegistrationAddress"] { model[field] = "" }
        model["IsArchived"] = true
        _ = try await send("PUT", [id], body: .object(model), operation: "erase")
        let after = try await get(id)
        let blanked = ["LegalAddress", "ActualAddress", "RegistrationAddress"].allSatisfy {
            (after?[$0]?.stringValue ?? "").isEmpty
        }
        guard blanked, after?["IsArchived"]?.boolValue == true else {
            return .cannotErase(reason: "cannot erase through the API: Moe Delo did not confirm the blanked "
                + "addresses of counterparty \(id); blank them and archive it by hand in Moe Delo.")
        }
        return .cannotErase(reason: "cannot erase through the API: Moe Delo keeps counterparty \(id)'s name and "
            + "ИНН, since bills and acts may reference it and accounting records are kept for at least 5 years "
            + "after the reporting year (402-FZ art. 29); its contact persons were deleted, its addresses blanked "
            + "and it was archived (confirmed by reading it back). Delete counterparty \(id) by hand in Moe Delo "
            + "when that period ends.")
    }

    public func read(_ ref: PersonRef) async throws -> ConnectorHolding? {
        guard let found = try await locate(ref) else { return nil }
        var fields: [String: String] = [:]
        for key in ["Id", "Name", "ShortName", "Inn", "Ogrn", "Kpp", "LegalAddress", "ActualAddress",
                    "RegistrationAddress", "IsArchived", "Fio", "PersonalData"] {
            if let value = found.model[key]?.stringValue, !value.isEmpty { fields[key] = value }
        }
        for (index, contact) in found.contacts.enumerated() {
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

    /// Deletes contact persons and checks by reading the list back that none of them is left.
    private func deleteContacts(_ contacts: [JSONValue], of id: String) async throws {
        let ids = contacts.compactMap { $0["Id"]?.stringValue }
        for contactID in ids {
            do {
                _ = try await send("DELETE", [id, "contact", contactID], operation: "erase contact")
            } catch let error as ConnectorError where error.code == .notFound {
                continue
            }
        }
        guard !ids.isEmpty else { return }
        let left = Set(try await contactPersons(of: id).compactMap { $0["Id"]?.stringValue })
        guard left.isDisjoint(with: ids) else {
            throw ConnectorError(.permanent, "\(name): contact persons of counterparty \(id) are still listed "
                + "after deletion; delete them by hand in Moe Delo")
        }
    }

    static func contactBody(_ contact: JSONValue?) -> JSONValue {
        guard let contact else { return .null }
        var body: [String: JSONValue] = ["Fio": contact["Fio"] ?? .null]
        body["Emails"] = .array((contact["Emails"]?.arrayValue ?? []).map { ["Email": $0["Email"] ?? .null] })
        body["Phones"] = .array((contact["Phones"]?.arrayValue ?? []).map { ["Number": $0["Number"] ?? .null] })
        return .object(body)
    }
}
