import ConnectorKit
import Foundation
import MoeDeloConnector
import Testing

@Suite("Moe Delo connector against the emulator", .timeLimit(.minutes(1)))
struct MoeDeloConnectorTests {
    static func connector(_ emulator: Emulator, key: String = "moedelo-test-key",
                          settings: MoeDeloSettings = MoeDeloSettings()) -> MoeDeloConnector {
        MoeDeloConnector(apiKey: Secret(key), settings: settings,
                         transport: URLSessionTransport(timeout: .seconds(5)), baseURL: emulator.baseURL)
    }

    static let petr = ConnectorPerson(
        subject: "sub_petr",
        fields: ["full_name": "Петров Пётр Петрович", "email": "petr@example.com", "phone": "+79000000005",
                 "address": "г. Казань, ул. Примерная, 1"],
        purpose: "accounting"
    )

    @Test("Upsert creates an individual with one contact person; a replay finds and updates it")
    func upsertCreates() async throws {
        try await Emulator.with("moedelo.py") { emulator in
            let connector = Self.connector(emulator)
            let id = try #require(try await connector.upsert(Self.petr))
            #expect(try await connector.upsert(Self.petr) == id)
            let state = try await emulator.state()
            #expect(state["kontragents"]?.objectValue?.count == 1)
            let model = try #require(state["kontragents"]?[id])
            #expect(model["Form"] == 3)
            #expect(model["Name"] == "Петров Пётр Петрович")
            #expect(model["RegistrationAddress"] == "г. Казань, ул. Примерная, 1")
            let contacts = try #require(state["contacts"]?[id]?.objectValue)
            #expect(contacts.count == 1)
            #expect(contacts.values.first?["Emails"]?[0]?["Email"] == "petr@example.com")
        }
    }

    @Test("Suppression archives and reads it back; erasure deletes contacts, blanks addresses, names what stays")
    func suppressAndErase() async throws {
        try await Emulator.with("moedelo.py") { emulator in
            let connector = Self.connector(emulator)
            let id = try #require(try await connector.upsert(Self.petr))
            try await connector.suppress(PersonRef(subject: "sub_petr", externalID: id), reason: .restriction)
            #expect(try await emulator.state()["kontragents"]?[id]?["IsArchived"] == true)
            // A later upsert never undoes the archive.
            var again = Self.petr
            again.externalID = id
            #expect(try await connector.upsert(again) == id)
            #expect(try await emulator.state()["kontragents"]?[id]?["IsArchived"] == true)
            let holding = try #require(try await connector.read(PersonRef(subject: "sub_petr", email: "petr@example.com")))
            #expect(holding.fields["contact.1.Phones"] == "+79000000005")
            let outcome = try await connector.erase(PersonRef(subject: "sub_petr", email: "petr@example.com",
                                                              externalID: id))
            guard case .cannotErase(let reason) = outcome else {
                Issue.record("expected cannotErase, got \(outcome)")
                return
            }
            #expect(reason.contains("5 years"))
            #expect(reason.contains("cannot erase through the API") && reason.contains("counterparty \(id)"))
            let state = try await emulator.state()
            #expect(state["contacts"]?[id]?.objectValue?.isEmpty == true)
            #expect(state["kontragents"]?[id]?["RegistrationAddress"] == "")
            #expect(state["kontragents"]?[id]?["IsArchived"] == true)
        }
    }

    @Test("A suppression Moe Delo does not keep is not reported as done")
    func suppressionReadBack() async throws {
        try await Emulator.with("moedelo.py", ["--ignore-archive"]) { emulator in
            let connector = Self.connector(emulator)
            let id = try #require(try await connector.upsert(Self.petr))
            let error = try await #require(throws: ConnectorError.self) {
                try await connector.suppress(PersonRef(subject: "sub_petr", externalID: id), reason: .restriction)
            }
            #expect(error.code == .permanent && error.message.contains("by hand"))
            let outcome = try await connector.erase(PersonRef(subject: "sub_petr", externalID: id))
            guard case .cannotErase(let reason) = outcome else {
                Issue.record("expected cannotErase, got \(outcome)")
                return
            }
            #expect(reason.contains("did not confirm"))
        }
    }

    @Test("With deleteCounterparty, an unreferenced counterparty is deleted and a referenced one kept")
    func deleteCounterparty() async throws {
        try await Emulator.with("moedelo.py") { emulator in
            let connector = Self.connector(emulator, settings: MoeDeloSettings(deleteCounterparty: true))
            let id = try #require(try await connector.upsert(Self.petr))
            var other = Self.petr
            other.subject = "sub_other"
            other.fields = ["full_name": "Сидоров Сидор", "email": "sidor@example.com"]
            let referenced = try #require(try await connector.upsert(other))
            try await emulator.seed(["bills": [["KontragentId": .int(Int64(referenced)!)]]])
            #expect(try await connector.erase(PersonRef(subject: "sub_petr", externalID: id)) == .erased)
            let kept = try await connector.erase(PersonRef(subject: "sub_other", email: "sidor@example.com"))
            #expect(kept != .erased)
            let state = try await emulator.state()
            #expect(state["kontragents"]?[id] == nil)
            #expect(state["kontragents"]?[referenced]?["Name"] == "Сидоров Сидор")
            #expect(try await connector.erase(PersonRef(subject: "sub_petr", externalID: id)) == .notFound)
        }
    }

    @Test("A wrong API key is unauthorized")
    func wrongKey() async throws {
        try await Emulator.with("moedelo.py") { emulator in
            let error = try await #require(throws: ConnectorError.self) {
                try await Self.connector(emulator, key: "wrong").upsert(Self.petr)
            }
            #expect(error.code == .unauthorized)
        }
    }
}
