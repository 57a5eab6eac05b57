import ConnectorKit
import Foundation
import PDGateTesting
import MoeDeloConnector
import Testing

/// Business contacts go to Moe Delo as contact persons of their company's legal-entity counterparty, through the
/// documented routes and fields only.
@Suite("Moe Delo: companies, individuals and the documented calls", .timeLimit(.minutes(1)))
struct MoeDeloCompanyTests {
    static func person(_ subject: String, _ fields: [String: String]) -> ConnectorPerson {
        ConnectorPerson(subject: subject, fields: fields, purpose: "accounting")
    }

    static let olga = person("sub_olga", ["full_name": "Смирнова Ольга Петровна", "company": "ООО Ромашка",
                                          "inn": "7707083893", "last_purchase_date": "2024-07-01"])
    static let ivan = person("sub_ivan", ["full_name": "Кузнецов Иван Ильич", "company": "ООО Ромашка",
                                          "inn": "7707083893"])

    @Test("A company contact: the company is a legal entity with its 10-digit ИНН, the person its contact")
    func companyContact() async throws {
        try await Emulator.with("moedelo.py") { emulator in
            let connector = MoeDeloConnectorTests.connector(emulator)
            let olgaID = try #require(try await connector.upsert(Self.olga))
            let ivanID = try #require(try await connector.upsert(Self.ivan))
            var replay = Self.olga
            replay.externalID = nil
            #expect(try await connector.upsert(replay) == olgaID, "found again by ИНН and ФИО, not duplicated")
            let state = try await emulator.state()
            let companies = try #require(state["kontragents"]?.objectValue)
            #expect(companies.count == 1)
            let (company, model) = try #require(companies.first)
            #expect(model["Form"] == 1 && model["Inn"] == "7707083893" && model["Name"] == "ООО Ромашка")
            #expect(olgaID.hasPrefix("\(company):") && ivanID.hasPrefix("\(company):") && olgaID != ivanID)
            let contacts = try #require(state["contacts"]?[company]?.objectValue)
            #expect(Set(contacts.values.compactMap { $0["Fio"]?.stringValue })
                == ["Смирнова Ольга Петровна", "Кузнецов Иван Ильич"])

            // Erasing one contact removes only that row; the company is not the person's data.
            #expect(try await connector.erase(PersonRef(subject: "sub_olga", externalID: olgaID)) == .erased)
            let after = try await emulator.state()
            #expect(after["contacts"]?[company]?.objectValue?.values.map { $0["Fio"] } == ["Кузнецов Иван Ильич"])
            #expect(after["kontragents"]?[company]?["IsArchived"] == false)
        }
    }

    @Test("Without an ИНН a company is found again by its exact name, so a retried create does not duplicate it")
    func companyWithoutINN() async throws {
        try await Emulator.with("moedelo.py") { emulator in
            let connector = MoeDeloConnectorTests.connector(emulator)
            let anna = Self.person("sub_anna", ["full_name": "Орлова Анна", "company": "ИП Орлов"])
            let first = try await connector.upsert(anna)
            #expect(try await connector.upsert(anna) == first)
            #expect(try await emulator.state()["kontragents"]?.objectValue?.count == 1)
        }
    }

    @Test("An individual gets only their own 12-digit ИНН; a 10-digit one is not sent to be rejected")
    func individualINN() async throws {
        try await Emulator.with("moedelo.py") { emulator in
            let connector = MoeDeloConnectorTests.connector(emulator)
            let own = try #require(try await connector.upsert(
                Self.person("sub_a", ["full_name": "Иванов Иван", "inn": "500100732259"])))
            let other = try #require(try await connector.upsert(
                Self.person("sub_b", ["full_name": "Петров Пётр", "inn": "7707083893"])))
            let state = try await emulator.state()
            #expect(state["kontragents"]?[own]?["Form"] == 3 && state["kontragents"]?[own]?["Inn"] == "500100732259")
            #expect(state["kontragents"]?[other]?["Form"] == 3 && state["kontragents"]?[other]?["Inn"] == .null)
            // Replayed without the external id, the ИНН finds the same counterparty.
            #expect(try await connector.upsert(Self.person("sub_a", ["full_name": "Иванов Иван",
                                                                     "inn": "500100732259"])) == own)
        }
    }

    @Test("Suppressing a company contact deletes the contact row and leaves the company alone")
    func suppressCompanyContact() async throws {
        try await Emulator.with("moedelo.py") { emulator in
            let connector = MoeDeloConnectorTests.connector(emulator)
            let id = try #require(try await connector.upsert(Self.olga))
            try await connector.suppress(PersonRef(subject: "sub_olga", externalID: id), reason: .restriction)
            let company = String(id.split(separator: ":")[0])
            let state = try await emulator.state()
            #expect(state["contacts"]?[company]?.objectValue?.isEmpty == true)
            #expect(state["kontragents"]?[company]?["IsArchived"] == false)
        }
    }

    @Test("The connector makes no call outside Connectors/MoeDelo/CALLS.md")
    func onlyDocumentedCalls() async throws {
        let documented = try DocumentedCalls(connectorFolder: "MoeDelo")
        #expect(documented.calls.count >= 8)
        try await Emulator.with("moedelo.py") { emulator in
            let forward = URLSessionTransport(timeout: .seconds(5))
            let recording = RecordingTransport { try await forward.send($0) }
            let connector = MoeDeloConnector(apiKey: Secret("moedelo-test-key"),
                                             settings: MoeDeloSettings(deleteCounterparty: true),
                                             transport: recording, baseURL: emulator.baseURL)
            let petr = try #require(try await connector.upsert(MoeDeloConnectorTests.petr))
            let olga = try #require(try await connector.upsert(Self.olga))
            _ = try await connector.upsert(Self.ivan)
            _ = try await connector.read(PersonRef(subject: "sub_petr", email: "petr@example.com"))
            _ = try await connector.read(PersonRef(subject: "sub_olga", externalID: olga))
            try await connector.suppress(PersonRef(subject: "sub_petr", externalID: petr), reason: .withdrawal)
            try await connector.suppress(PersonRef(subject: "sub_olga", externalID: olga), reason: .withdrawal)
            _ = try await connector.erase(PersonRef(subject: "sub_petr", externalID: petr))
            _ = try await connector.erase(PersonRef(subject: "sub_ivan", phone: "+79000000099"))
            #expect(recording.requests.count > 10)
            #expect(documented.undocumented(recording.requests) == [])
        }
    }
}
