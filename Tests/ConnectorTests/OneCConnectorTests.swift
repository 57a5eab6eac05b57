import ConnectorKit
import Foundation
import OneCConnector
import Testing

@Suite("1C OData connector against the emulator", .timeLimit(.minutes(1)))
struct OneCConnectorTests {
    static func connector(_ emulator: Emulator, password: String = "secret") -> OneCConnector {
        OneCConnector(baseURL: emulator.url("/base/odata/standard.odata"), user: "Администратор",
                      password: Secret(password), transport: URLSessionTransport(timeout: .seconds(5)))
    }

    static let ivan = ConnectorPerson(
        subject: "sub_ivan",
        fields: ["full_name": "Иванов Иван Иванович", "inn": "500100732259", "phone": "+79000000003",
                 "email": "ivan@example.com"],
        purpose: "accounting"
    )

    static func counterparty(_ emulator: Emulator, _ key: String) async throws -> JSONValue {
        try #require(try await emulator.state()["counterparties"]?[key])
    }

    @Test("Upsert creates an individual counterparty with contact rows, and a replay updates the same one")
    func upsertCreatesCounterparty() async throws {
        try await Emulator.with("onec.py") { emulator in
            let connector = Self.connector(emulator)
            let key = try #require(try await connector.upsert(Self.ivan))
            var changed = Self.ivan
            changed.fields["phone"] = "+79000000004"
            #expect(try await connector.upsert(changed) == key)
            #expect(try await emulator.state()["counterparties"]?.objectValue?.count == 1)
            let entity = try await Self.counterparty(emulator, key)
            #expect(entity["Description"] == "Иванов Иван Иванович")
            #expect(entity["ИНН"] == "500100732259")
            #expect(entity["ЮридическоеФизическоеЛицо"] == "ФизическоеЛицо")
            #expect(entity["Комментарий"] == "pdgate:sub_ivan")
            let rows = entity["КонтактнаяИнформация"]?.arrayValue ?? []
            #expect(rows.count == 2)
            #expect(rows.contains { $0["Тип"] == "Телефон" && $0["Представление"] == "+79000000004" })
            #expect(rows.contains { $0["Тип"] == "АдресЭлектроннойПочты" && $0["АдресЭП"] == "ivan@example.com" })
            #expect(rows.allSatisfy { $0["LineNumber"] != nil && $0["Вид_Key"] != nil })
        }
    }

    @Test("Suppression marks for deletion; an upsert clears the mark")
    func suppressMarksForDeletion() async throws {
        try await Emulator.with("onec.py") { emulator in
            let connector = Self.connector(emulator)
            let key = try #require(try await connector.upsert(Self.ivan))
            try await connector.suppress(Self.ivan.ref, reason: .restriction)
            #expect(try await Self.counterparty(emulator, key)["DeletionMark"] == true)
            _ = try await connector.upsert(Self.ivan)
            #expect(try await Self.counterparty(emulator, key)["DeletionMark"] == false)
        }
    }

    @Test("Erasure of a referenced counterparty keeps name and INN and says why; contacts are cleared")
    func eraseReferencedKeepsAccountingData() async throws {
        try await Emulator.with("onec.py") { emulator in
            let connector = Self.connector(emulator)
            let key = try #require(try await connector.upsert(Self.ivan))
            try await emulator.seed(["documents": [["set": "Document_РеализацияТоваровУслуг", "Контрагент_Key": .string(key)]]])
            let outcome = try await connector.erase(PersonRef(subject: "sub_ivan"))
            guard case .cannotErase(let reason) = outcome else {
                Issue.record("expected cannotErase, got \(outcome)")
                return
            }
            #expect(reason.contains("402-FZ"))
            let entity = try await Self.counterparty(emulator, key)
            #expect(entity["Description"] == "Иванов Иван Иванович")
            #expect(entity["ИНН"] == "500100732259")
            #expect(entity["КонтактнаяИнформация"] == [])
            #expect(entity["DeletionMark"] == false)
            #expect(try await emulator.state()["dangling_document_refs"] == 0)
        }
    }

    @Test("Erasure of an unreferenced counterparty blanks it and marks it for deletion, never a direct DELETE")
    func eraseUnreferencedBlanks() async throws {
        try await Emulator.with("onec.py") { emulator in
            let connector = Self.connector(emulator)
            let key = try #require(try await connector.upsert(Self.ivan))
            let holding = try #require(try await connector.read(PersonRef(subject: "sub_ivan", externalID: key)))
            #expect(holding.fields["ИНН"] == "500100732259")
            #expect(try await connector.erase(PersonRef(subject: "sub_ivan", externalID: key)) == .erased)
            let entity = try await Self.counterparty(emulator, key)
            #expect(entity["ИНН"] == "")
            #expect(entity["DeletionMark"] == true)
            #expect(entity["Description"]?.stringValue?.contains("Иванов") == false)
            #expect(try await emulator.state()["direct_deletions"] == 0)
            #expect(try await connector.erase(PersonRef(subject: "sub_other")) == .notFound)
        }
    }

    @Test("A publication that rejects `ИНН eq` is searched with substringof")
    func innFallback() async throws {
        try await Emulator.with("onec.py", ["--reject-inn-eq"]) { emulator in
            let connector = Self.connector(emulator)
            var byAccountant = Self.ivan
            byAccountant.subject = "sub_someone_else"
            let key = try #require(try await connector.upsert(byAccountant))
            // Same INN, different subject: found by INN, not duplicated.
            #expect(try await connector.upsert(Self.ivan) == key)
        }
    }

    @Test("A wrong password is unauthorized")
    func wrongPassword() async throws {
        try await Emulator.with("onec.py") { emulator in
            let error = try await #require(throws: ConnectorError.self) {
                try await Self.connector(emulator, password: "wrong").upsert(Self.ivan)
            }
            #expect(error.code == .unauthorized)
            #expect(error.status == 401)
        }
    }
}
