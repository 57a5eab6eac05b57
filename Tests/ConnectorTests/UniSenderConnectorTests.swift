import ConnectorKit
import Foundation
import Testing
import UniSenderConnector

@Suite("UniSender connector against the emulator", .timeLimit(.minutes(1)))
struct UniSenderConnectorTests {
    static func connector(_ emulator: Emulator, key: String = "unisender-test-key") -> UniSenderConnector {
        UniSenderConnector(apiKey: Secret(key), settings: UniSenderSettings(listIDs: [134]),
                           transport: URLSessionTransport(timeout: .seconds(5)), baseURL: emulator.baseURL)
    }

    static let boris = ConnectorPerson(
        subject: "sub_boris",
        fields: ["email": "boris@example.com", "phone": "+79000000002", "full_name": "Борис Петров"],
        tags: ["crm", "vip"],
        purpose: "marketing_email"
    )

    @Test("Upsert subscribes with held consent (double_optin=3): status new, fields and tags kept; replay is one contact")
    func upsertSubscribes() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let connector = Self.connector(emulator)
            let id = try await connector.upsert(Self.boris)
            #expect(id == "1000")
            #expect(try await connector.upsert(Self.boris) == "1000")
            let contacts = try #require(try await emulator.state()["contacts"]?.objectValue)
            #expect(contacts.count == 1)
            let contact = try #require(contacts["boris@example.com"])
            #expect(contact["email_status"] == "new")
            #expect(contact["phone"] == "+79000000002")
            #expect(contact["fields"]?["Name"] == "Борис", "the given name, in the default given-family order")
            #expect(contact["tags"] == ["crm", "vip"])
            #expect(contact["lists"]?["134"]?["status"] == "new")
        }
    }

    @Test("Double opt-in invites the contact")
    func doubleOptInInvites() async throws {
        try await Emulator.with("unisender.py") { emulator in
            var person = Self.boris
            person.doubleOptIn = true
            _ = try await Self.connector(emulator).upsert(person)
            #expect(try await emulator.state()["contacts"]?["boris@example.com"]?["email_status"] == "invited")
        }
    }

    @Test("Re-permission sends the opt-in letter even to a contact already listed (double_optin=0, not 4)")
    func reconfirmInvitesListedContact() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let connector = Self.connector(emulator)
            _ = try await connector.upsert(Self.boris)
            #expect(try await emulator.state()["contacts"]?["boris@example.com"]?["email_status"] == "new")
            var person = Self.boris
            person.reconfirm = true
            _ = try await connector.upsert(person)
            #expect(try await emulator.state()["contacts"]?["boris@example.com"]?["email_status"] == "invited")
        }
    }

    @Test("Withdrawal unsubscribes, restriction excludes, unknown contacts are fine")
    func suppressUnsubscribesOrExcludes() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let connector = Self.connector(emulator)
            _ = try await connector.upsert(Self.boris)
            try await connector.suppress(Self.boris.ref, reason: .withdrawal)
            #expect(try await emulator.state()["contacts"]?["boris@example.com"]?["lists"]?["134"]?["status"]
                == "unsubscribed")
            try await connector.suppress(Self.boris.ref, reason: .restriction)
            #expect(try await emulator.state()["contacts"]?["boris@example.com"]?["lists"]?["134"] == nil)
            try await connector.suppress(PersonRef(subject: "sub_none", email: "none@example.com"), reason: .objection)
        }
    }

    @Test("Erasure deletes through importContacts, then reads nothing; a second erasure finds nothing")
    func eraseDeletes() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let connector = Self.connector(emulator)
            _ = try await connector.upsert(Self.boris)
            let holding = try #require(try await connector.read(Self.boris.ref))
            #expect(holding.fields["email"] == "boris@example.com")
            #expect(holding.fields["fields.Name"] == "Борис")
            #expect(holding.fields["list.134"]?.hasPrefix("new") == true)
            #expect(try await connector.erase(Self.boris.ref) == .erased)
            #expect(try await emulator.state()["contacts"]?.objectValue?.isEmpty == true)
            #expect(try await connector.erase(Self.boris.ref) == .notFound)
            #expect(try await connector.read(Self.boris.ref) == nil)
        }
    }

    @Test("A wrong API key is unauthorized, with the code and without the message")
    func wrongKey() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let error = try await #require(throws: ConnectorError.self) {
                try await Self.connector(emulator, key: "wrong").upsert(Self.boris)
            }
            #expect(error.code == .unauthorized)
            #expect(error.apiErrorType == "invalid_api_key")
        }
    }

    @Test("The call limit is rate limiting; an invalid address is permanent and not echoed")
    func limitsAndValidation() async throws {
        try await Emulator.with("unisender.py", ["--subscribe-per-minute", "2"]) { emulator in
            let connector = Self.connector(emulator)
            _ = try await connector.upsert(Self.boris)
            var bad = Self.boris
            bad.fields["email"] = "not-an-address@"
            let invalid = try await #require(throws: ConnectorError.self) { try await connector.upsert(bad) }
            #expect(invalid.code == .permanent)
            #expect(invalid.apiErrorType == "invalid_arg")
            #expect(!invalid.description.contains("not-an-address"))
            let limited = try await #require(throws: ConnectorError.self) { try await connector.upsert(Self.boris) }
            #expect(limited.code == .rateLimited)
        }
    }
}
