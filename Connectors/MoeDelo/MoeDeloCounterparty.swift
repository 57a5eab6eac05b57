public import ConnectorKit

/// What Moe Delo should hold for one person: the counterparty (a company the person represents, or the person as
/// an individual) and the person's contact row on it.
///
/// Follows Moe Delo's published `KontragentModel` (github.com/moedelo/api-examples, `examples/api.json`):
/// - a person with a `company` is a contact of that company's counterparty: `Form` 1 (legal entity) with its
///   10-digit ИНН, or `Form` 2 (sole proprietor) with a 12-digit one;
/// - anyone else is an individual, `Form` 3, with an ИНН only when it is their own 12-digit one.
///
/// An ИНН of the wrong length for the form is left out rather than sent to be rejected; the gateway already
/// withholds ИНН with wrong check digits (the data-quality report lists them). `Kpp` and `Ogrn` are not sent:
/// `Kpp` is not in the published model and pdgate holds no ОГРН.
public struct MoeDeloCounterparty: Sendable, Equatable {
    /// Moe Delo's `Form`: 1 legal entity, 2 sole proprietor, 3 individual.
    public var form: Int64
    /// The counterparty's `Name`: the company, or the person's ФИО.
    public var name: String
    /// The ИНН to send, when it fits the form.
    public var inn: String?
    /// `RegistrationAddress` of an individual.
    public var address: String?
    /// The person's ФИО for the contact row.
    public var fio: String

    /// Fields of `KontragentModel`, the only ones a write may carry.
    public static let modelFields: Set<String> = [
        "Id", "Inn", "Ogrn", "Okpo", "Name", "ShortName", "Type", "Form", "IsArchived", "LegalAddress",
        "ActualAddress", "RegistrationAddress", "TaxpayerNumber", "AdditionalRegNumber",
    ]

    /// The counterparty for a person, or nil when the purpose gave no name.
    public init?(_ person: ConnectorPerson) {
        guard let fio = person.nonBlank("full_name") else { return nil }
        self.fio = fio
        let digits = person.nonBlank("inn").map { String($0.filter(\.isNumber)) }
        if let company = person.nonBlank("company") {
            let sole = digits?.count == 12
            name = company
            form = sole ? 2 : 1
            inn = digits?.count == (sole ? 12 : 10) ? digits : nil
            address = nil
        } else {
            name = fio
            form = 3
            inn = digits?.count == 12 ? digits : nil
            address = person.nonBlank("address")
        }
    }

    /// Whether the person is a contact of a company rather than a counterparty of their own.
    public var isCompanyContact: Bool { form != 3 }

    /// The body of a create (`POST`).
    func createBody(type: Int) -> JSONValue {
        var model: [String: JSONValue] = ["Name": .string(name), "Type": .int(Int64(type)), "Form": .int(form)]
        if let inn { model["Inn"] = .string(inn) }
        if let address { model["RegistrationAddress"] = .string(address) }
        return .object(model)
    }

    /// An individual's model read back, updated with this person's data, for a `PUT` (which replaces the whole
    /// model): only `KontragentModel`'s fields, enums as integers, `IsArchived` as it was (an upsert never undoes
    /// an archive made in Moe Delo).
    func updateBody(of existing: [String: JSONValue], type: Int) -> JSONValue {
        var model = MoeDeloCounterparty.writable(existing, type: type)
        model["Name"] = .string(name)
        if let inn { model["Inn"] = .string(inn) }
        if let address { model["RegistrationAddress"] = .string(address) }
        return .object(model)
    }

    /// A model read back reduced to what `KontragentModel` accepts, with `Type` and `Form` as integers.
    static func writable(_ existing: [String: JSONValue], type: Int) -> [String: JSONValue] {
        var model = existing.filter { modelFields.contains($0.key) && $0.value != .null }
        model["Type"] = .int(MoeDeloConnector.code(existing["Type"], MoeDeloConnector.types) ?? Int64(type))
        model["Form"] = .int(MoeDeloConnector.code(existing["Form"], MoeDeloConnector.forms) ?? 3)
        return model
    }
}

/// Runs the lookups and creates of one company one at a time: Moe Delo has no unique key, so two contacts of a
/// new company delivered at once would otherwise both miss it and create it twice.
actor CompanyGate {
    private var tails: [String: Task<Void, Never>] = [:]

    /// `body`'s result, after every earlier call for `key` has finished.
    func run<T: Sendable>(_ key: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tails[key]
        let task = Task { () async throws -> T in
            await previous?.value
            return try await body()
        }
        tails[key] = Task { _ = try? await task.value }
        return try await task.value
    }
}
