import ConnectorKit
import Foundation
import Testing
import VoximplantConnector

@Suite("Voximplant connector against the emulator", .timeLimit(.minutes(1)))
struct VoximplantConnectorTests {
    static let listID = 500

    static func connector(_ emulator: Emulator, key: String = "voximplant-test-key") -> VoximplantConnector {
        VoximplantConnector(
            authentication: .apiKey(accountID: "1234567", apiKey: Secret(key)),
            settings: VoximplantSettings(applicationID: 10733204, callListIDs: [listID], historyStart: "2025-01-01"),
            transport: URLSessionTransport(timeout: .seconds(5)),
            baseURL: emulator.baseURL,
            now: { Date(timeIntervalSince1970: 1_740_787_200) }   // 2025-03-01
        )
    }

    static let olga = ConnectorPerson(subject: "sub_olga", fields: ["phone": "+79000000006", "full_name": "Ольга"],
                                      tags: ["callback"], purpose: "telephony")

    /// Seeds two calls with recordings and one call-list task for the phone.
    static func seed(_ emulator: Emulator) async throws {
        try await emulator.seed(["sessions": [
            ["remote_number": "79000000006", "start_date": "2025-01-10 10:00:00", "records": 2],
            ["remote_number": "79000000006", "start_date": "2025-02-12 11:00:00", "records": 1],
            ["remote_number": "79000000099", "start_date": "2025-02-12 12:00:00", "records": 1],
        ]])
        let transport = URLSessionTransport()
        let created = try await transport.send(.form(emulator.url("/platform_api/CreateCallList"), fields: [
            ("account_id", "1234567"), ("api_key", "voximplant-test-key"), ("rule_id", "1"), ("priority", "1"),
            ("max_simultaneous", "1"), ("num_attempts", "2"), ("name", "callbacks"),
            ("file_content", "phone;name\n79000000006;Ольга\n79000000099;Other"),
        ]))
        #expect(created.json?["list_id"] == .int(Int64(listID)))
    }

    @Test("Upsert stores the person in the application's key-value storage")
    func upsertStoresKeyValue() async throws {
        try await Emulator.with("voximplant.py") { emulator in
            let key = try await Self.connector(emulator).upsert(Self.olga)
            #expect(key == "pdgate:sub_olga")
            let item = try #require(try await emulator.state()["kv"]?["10733204:pdgate:sub_olga"])
            let value = JSONValue.parse(Data((item["value"]?.stringValue ?? "").utf8))
            #expect(value?["phone"] == "79000000006")
            #expect(value?["tags"] == ["callback"])
        }
    }

    @Test("Erasure deletes recordings, the key-value item and call-list data, and declares the history rows")
    func eraseDeclaresHistory() async throws {
        try await Emulator.with("voximplant.py") { emulator in
            try await Self.seed(emulator)
            let connector = Self.connector(emulator)
            _ = try await connector.upsert(Self.olga)
            let holding = try #require(try await connector.read(Self.olga.ref))
            #expect(holding.fields.keys.filter { $0.hasPrefix("call.") }.count == 2)
            let outcome = try await connector.erase(Self.olga.ref)
            guard case .cannotErase(let reason) = outcome else {
                Issue.record("expected cannotErase, got \(outcome)")
                return
            }
            #expect(reason.contains("2 call session"))
            let state = try await emulator.state()
            #expect(state["deleted_records"]?.arrayValue.count == 3)
            #expect(state["records"]?.objectValue?.count == 1)        // the other caller's recording stays
            #expect(state["kv"]?.objectValue?.isEmpty == true)
            let tasks = state["call_lists"]?[String(Self.listID)]?["tasks"]?.arrayValue ?? []
            #expect(tasks.first { $0["custom_data"] == "{}" }?["status_id"] == 4)
            #expect(tasks.contains { $0["custom_data"]?.stringValue?.contains("79000000099") == true })
        }
    }

    @Test("A person with no calls is erased; one never seen is not found; suppression stops the calls")
    func eraseWithoutHistory() async throws {
        try await Emulator.with("voximplant.py") { emulator in
            let connector = Self.connector(emulator)
            var ivan = Self.olga
            ivan.subject = "sub_ivan"
            ivan.fields["phone"] = "+79000000007"
            _ = try await connector.upsert(ivan)
            #expect(try await connector.erase(ivan.ref) == .erased)
            #expect(try await connector.erase(ivan.ref) == .notFound)
            try await Self.seed(emulator)
            _ = try await connector.upsert(Self.olga)
            try await connector.suppress(Self.olga.ref, reason: .objection)
            let state = try await emulator.state()
            #expect(state["kv"]?.objectValue?.isEmpty == true)
            #expect(state["call_lists"]?[String(Self.listID)]?["tasks"]?[0]?["status_id"] == 4)
        }
    }

    @Test("A wrong API key is unauthorized (error 100 in an HTTP 200)")
    func wrongKey() async throws {
        try await Emulator.with("voximplant.py") { emulator in
            let error = try await #require(throws: ConnectorError.self) {
                try await Self.connector(emulator, key: "wrong").upsert(Self.olga)
            }
            #expect(error.code == .unauthorized)
            #expect(error.apiErrorType == "100")
        }
    }

    @Test("Erasure matches call-list tasks on the exact normalised number, never a digit substring")
    func eraseMatchesExactNumber() async throws {
        try await Emulator.with("voximplant.py") { emulator in
            let created = try await URLSessionTransport().send(.form(
                emulator.url("/platform_api/CreateCallList"), fields: [
                    ("account_id", "1234567"), ("api_key", "voximplant-test-key"), ("rule_id", "1"), ("priority", "1"),
                    ("max_simultaneous", "1"), ("num_attempts", "2"), ("name", "callbacks"),
                    // Olga's number written with the trunk prefix 8, and another person's number that contains
                    // Olga's digits.
                    ("file_content", "phone;name\n8 900 000-00-06;Ольга\n379000000006;Other"),
                ]))
            #expect(created.json?["list_id"] == .int(Int64(Self.listID)))
            #expect(try await Self.connector(emulator).erase(Self.olga.ref) == .erased)
            let tasks = try await emulator.state()["call_lists"]?[String(Self.listID)]?["tasks"]?.arrayValue ?? []
            #expect(tasks.count == 2)
            #expect(tasks.filter { $0["custom_data"] == "{}" }.count == 1)
            let other = tasks.first { $0["custom_data"]?.stringValue?.contains("379000000006") == true }
            #expect(other?["status_id"] == 0, "the other person's task is neither overwritten nor cancelled")
        }
    }
}
