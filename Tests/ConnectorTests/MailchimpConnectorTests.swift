import ConnectorKit
import Foundation
import PDGateTesting
import MailchimpConnector
import Testing

@Suite("Mailchimp connector against the emulator", .timeLimit(.minutes(1)))
struct MailchimpConnectorTests {
    static let key = "0123456789abcdef0123456789abcdef-us14"
    static let list = "a1b2c3d4e5"

    static func connector(_ emulator: Emulator, key: String = key, transport: (any HTTPTransport)? = nil) throws
        -> MailchimpConnector {
        try MailchimpConnector(
            apiKey: Secret(key),
            settings: MailchimpSettings(listID: list),
            transport: transport ?? URLSessionTransport(timeout: .seconds(5)),
            baseURL: emulator.url("/3.0")
        )
    }

    static let ann = ConnectorPerson(
        subject: "sub_ann",
        fields: ["email": "Ann.Lee@example.com", "full_name": "Ann Lee", "phone": "+79000000001",
                 "birthday": "1990-04-19"],
        tags: ["vip"],
        purpose: "marketing_email"
    )

    @Test("Upsert creates the member with merge fields and tags, and a replay changes nothing")
    func upsertCreatesMember() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            let connector = try Self.connector(emulator)
            let id = try await connector.upsert(Self.ann)
            #expect(id == MailchimpConnector.subscriberHash("ann.lee@example.com"))
            _ = try await connector.upsert(Self.ann)
            let members = try #require(try await emulator.state()["lists"]?[Self.list]?["members"]?.objectValue)
            #expect(members.count == 1)
            let member = try #require(members[id ?? ""])
            #expect(member["status"] == "subscribed")
            #expect(member["merge_fields"]?["FNAME"] == "Ann")
            #expect(member["merge_fields"]?["LNAME"] == "Lee")
            #expect(member["merge_fields"]?["BIRTHDAY"] == "04/19")
            #expect(member["merge_fields"]?["PHONE"] == "+79000000001")
            #expect(member["tags"]?[0]?["name"] == "vip")
        }
    }

    @Test("Double opt-in adds the member as pending so Mailchimp asks for confirmation")
    func doubleOptInIsPending() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            var person = Self.ann
            person.doubleOptIn = true
            let id = try #require(try await Self.connector(emulator).upsert(person))
            #expect(try await emulator.state()["lists"]?[Self.list]?["members"]?[id]?["status"] == "pending")
        }
    }

    @Test("Re-permission sets a member already listed to pending, so Mailchimp asks them to confirm")
    func reconfirmSetsPending() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            let connector = try Self.connector(emulator)
            let id = try #require(try await connector.upsert(Self.ann))
            #expect(try await emulator.state()["lists"]?[Self.list]?["members"]?[id]?["status"] == "subscribed")
            var person = Self.ann
            person.reconfirm = true
            _ = try await connector.upsert(person)
            #expect(try await emulator.state()["lists"]?[Self.list]?["members"]?[id]?["status"] == "pending")
        }
    }

    @Test("Suppression unsubscribes; a later upsert does not re-subscribe")
    func suppressUnsubscribes() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            let connector = try Self.connector(emulator)
            let id = try #require(try await connector.upsert(Self.ann))
            try await connector.suppress(Self.ann.ref, reason: .withdrawal)
            #expect(try await emulator.state()["lists"]?[Self.list]?["members"]?[id]?["status"] == "unsubscribed")
            _ = try await connector.upsert(Self.ann)
            #expect(try await emulator.state()["lists"]?[Self.list]?["members"]?[id]?["status"] == "unsubscribed")
            // Suppressing someone Mailchimp never had succeeds.
            try await connector.suppress(PersonRef(subject: "sub_x", email: "nobody@example.com"), reason: .objection)
        }
    }

    @Test("Erasure deletes permanently, reads back nothing, and is idempotent")
    func eraseDeletesPermanently() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            let connector = try Self.connector(emulator)
            let id = try #require(try await connector.upsert(Self.ann))
            let holding = try #require(try await connector.read(Self.ann.ref))
            #expect(holding.fields["email_address"] == "Ann.Lee@example.com")
            #expect(holding.fields["merge_fields.FNAME"] == "Ann")
            #expect(try await connector.erase(Self.ann.ref) == .erased)
            #expect(try await connector.erase(Self.ann.ref) == .notFound)
            #expect(try await connector.read(Self.ann.ref) == nil)
            let state = try await emulator.state()
            #expect(state["lists"]?[Self.list]?["members"]?[id] == nil)
            #expect(state["lists"]?[Self.list]?["forgotten"]?.arrayValue.contains(.string(id)) == true)
            // Mailchimp refuses to re-import a forgotten address: a permanent error without the address in it.
            let error = try await #require(throws: ConnectorError.self) { try await connector.upsert(Self.ann) }
            #expect(error.code == .permanent)
            #expect(error.apiErrorType == "Forgotten Email Not Subscribed")
            #expect(!error.description.lowercased().contains("example.com"))
        }
    }

    @Test("Erasure reaches every audience holding the address")
    func eraseEveryAudience() async throws {
        try await Emulator.with("mailchimp.py", ["--list", Self.list, "--list", "f0f0f0f0f0"]) { emulator in
            let other = try MailchimpConnector(
                apiKey: Secret(Self.key), settings: MailchimpSettings(listID: "f0f0f0f0f0"),
                transport: URLSessionTransport(), baseURL: emulator.url("/3.0"))
            _ = try await Self.connector(emulator).upsert(Self.ann)
            _ = try await other.upsert(Self.ann)
            #expect(try await Self.connector(emulator).erase(Self.ann.ref) == .erased)
            let state = try await emulator.state()
            #expect(state["lists"]?[Self.list]?["members"]?.objectValue?.isEmpty == true)
            #expect(state["lists"]?["f0f0f0f0f0"]?["members"]?.objectValue?.isEmpty == true)
        }
    }

    @Test("A wrong API key is unauthorized")
    func wrongKeyIsUnauthorized() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            let connector = try Self.connector(emulator, key: "ffffffffffffffffffffffffffffffff-us14")
            let error = try await #require(throws: ConnectorError.self) { try await connector.upsert(Self.ann) }
            #expect(error.code == .unauthorized)
            #expect(error.status == 401)
            #expect(error.apiErrorType == "API Key Invalid")
        }
    }

    @Test("More than 10 simultaneous requests are rate limited")
    func simultaneousConnectionsAreLimited() async throws {
        try await Emulator.with("mailchimp.py", ["--latency-ms", "150"]) { emulator in
            let connector = try Self.connector(emulator, transport: URLSessionTransport(maxConnectionsPerHost: 16))
            let codes = await withTaskGroup(of: ConnectorError.Code?.self) { group in
                for index in 0..<14 {
                    group.addTask {
                        let person = ConnectorPerson(subject: "sub_\(index)",
                                                     fields: ["email": "p\(index)@example.com"], purpose: "m")
                        do {
                            _ = try await connector.upsert(person)
                            return nil
                        } catch let error as ConnectorError {
                            return error.code
                        } catch {
                            return .invalidResponse
                        }
                    }
                }
                return await group.reduce(into: [ConnectorError.Code?]()) { $0.append($1) }
            }
            #expect(codes.contains(.rateLimited))
            #expect(codes.allSatisfy { $0 == nil || $0 == .rateLimited })
        }
    }

    @Test("The data centre comes from the key suffix; auth is HTTP Basic with the key")
    func dataCenterFromKey() async throws {
        let transport = RecordingTransport(status: 200, json: "{\"id\":\"x\"}")
        let connector = try MailchimpConnector(apiKey: Secret(Self.key), settings: MailchimpSettings(listID: "L1"),
                                               transport: transport)
        _ = try await connector.upsert(Self.ann)
        let request = try #require(transport.requests.first)
        #expect(request.method == "PUT")
        #expect(request.url.host == "us14.api.mailchimp.com")
        #expect(request.url.path == "/3.0/lists/L1/members/" + MailchimpConnector.subscriberHash("ann.lee@example.com"))
        let basic = try #require(request.header("Authorization"))
        let decoded = String(decoding: Data(base64Encoded: String(basic.dropFirst(6))) ?? Data(), as: UTF8.self)
        #expect(decoded.hasSuffix(":" + Self.key))
        #expect(throws: ConnectorError.self) {
            try MailchimpConnector(apiKey: Secret("nodatacentre"), settings: MailchimpSettings(listID: "L1"),
                                   transport: transport)
        }
    }

    @Test("FNAME is the given name and LNAME the family name of a ФИО; the connector's setting overrides the order")
    func nameOrder() async throws {
        try await Emulator.with("mailchimp.py") { emulator in
            var anna = Self.ann
            anna.fields["full_name"] = "Иванова Анна Петровна"
            anna.nameOrder = .familyGivenPatronymic
            let id = try #require(try await Self.connector(emulator).upsert(anna))
            var fields = try await emulator.state()["lists"]?[Self.list]?["members"]?[id]?["merge_fields"]
            #expect(fields?["FNAME"] == "Анна")
            #expect(fields?["LNAME"] == "Иванова")
            let override = try MailchimpConnector(
                apiKey: Secret(Self.key), settings: MailchimpSettings(listID: Self.list, nameOrder: .givenFamily),
                transport: URLSessionTransport(timeout: .seconds(5)), baseURL: emulator.url("/3.0"))
            _ = try await override.upsert(anna)
            fields = try await emulator.state()["lists"]?[Self.list]?["members"]?[id]?["merge_fields"]
            #expect(fields?["FNAME"] == "Иванова")
            #expect(fields?["LNAME"] == "Анна Петровна")
        }
    }
}
