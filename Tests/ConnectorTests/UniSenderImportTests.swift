import ConnectorKit
import Foundation
import PDGateTesting
import Testing
import UniSenderConnector

/// The `importContacts` call itself: what a row carries, how the answer maps to rows, what the strict emulator
/// refuses.
@Suite("UniSender importContacts rows and answers", .timeLimit(.minutes(1)))
struct UniSenderImportTests {
    static func connector(_ transport: any HTTPTransport, baseURL: URL? = nil, key: String = "unisender-test-key")
        -> UniSenderConnector {
        UniSenderConnector(apiKey: Secret(key), settings: UniSenderSettings(listIDs: [134, 135]), transport: transport,
                           baseURL: baseURL ?? URL(string: "http://127.0.0.1:9")!)
    }

    static func json(_ text: String) -> TransportResponse {
        TransportResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(text.utf8))
    }

    static func form(_ request: TransportRequest) -> [String: String] {
        FormEncoding.decode(String(decoding: request.body, as: UTF8.self))
    }

    @Test("A row carries the subscribe fields under their UniSender names, the lists, and nothing undeclared")
    func rowCarriesDeclaredFields() async throws {
        let recorder = RecordingTransport { _ in
            Self.json(#"{"result":{"total":2,"inserted":2,"new_emails":2,"invalid":0,"log":[]}}"#)
        }
        let people = [
            ConnectorPerson(subject: "sub_a",
                            fields: ["email": "a@example.com", "full_name": "Анна", "inn": "7700000000"],
                            purpose: "marketing_email"),
            ConnectorPerson(subject: "sub_b", fields: ["email": "b@example.com", "full_name": "Борис"],
                            purpose: "marketing_email"),
        ]
        let results = try await Self.connector(recorder).upsertBatch(people)
        #expect(results.count == 2 && results.allSatisfy { if case .success = $0 { true } else { false } })
        let request = try #require(recorder.requests.first)
        #expect(recorder.requests.count == 1 && request.url.path == "/ru/api/importContacts")
        let form = Self.form(request)
        #expect(form["api_key"] == "unisender-test-key")
        #expect(form["field_names[0]"] == "email" && form["field_names[1]"] == "Name")
        #expect(form["field_names[2]"] == "email_list_ids" && form["field_names[3]"] == nil)
        #expect(form["data[1][0]"] == "b@example.com" && form["data[1][1]"] == "Борис")
        #expect(form["data[1][2]"] == "134,135")
        #expect(form["overwrite_lists"] == "0")
        #expect(!String(decoding: request.body, as: UTF8.self).contains("7700000000"), "inn is not a UniSender field")
        #expect(form.keys.allSatisfy { !$0.contains("double_optin") && !$0.contains("email_status") })
    }

    @Test("People who fill different columns go in separate calls, so no empty cell blanks a held field")
    func groupsByColumns() async throws {
        let recorder = RecordingTransport { request in
            let rows = Self.form(request).keys.filter { $0.hasSuffix("][0]") && $0.hasPrefix("data[") }.count
            return Self.json(#"{"result":{"total":\#(rows),"inserted":\#(rows),"invalid":0,"log":[]}}"#)
        }
        let people = [
            ConnectorPerson(subject: "a", fields: ["email": "a@example.com"], purpose: "m"),
            ConnectorPerson(subject: "b", fields: ["email": "b@example.com", "phone": "+79000000001"], purpose: "m"),
            ConnectorPerson(subject: "c", fields: ["email": "c@example.com"], purpose: "m"),
        ]
        _ = try await Self.connector(recorder).upsertBatch(people)
        #expect(recorder.requests.count == 2)
        #expect(recorder.requests.allSatisfy { Self.form($0).values.allSatisfy { !$0.isEmpty } })
    }

    @Test("Log entries beyond the invalid count are warnings: those rows are settled through subscribe")
    func ambiguousLogFallsBackToSubscribe() async throws {
        let recorder = RecordingTransport { request in
            request.url.path.hasSuffix("importContacts")
                ? Self.json(#"{"result":{"total":2,"inserted":2,"invalid":0,"#
                    + #""log":[{"index":1,"code":"w","message":"m"}]}}"#)
                : Self.json(#"{"result":{"person_id":77}}"#)
        }
        let people = (0..<2).map {
            ConnectorPerson(subject: "s\($0)", fields: ["email": "p\($0)@example.com"], purpose: "m")
        }
        let results = try await Self.connector(recorder).upsertBatch(people)
        #expect(try results[0].get() == nil)
        #expect(try results[1].get() == "77")
        #expect(recorder.requests.map { $0.url.lastPathComponent } == ["importContacts", "subscribe"])
    }

    @Test("An answer counting more invalid rows than it names, or naming a row not sent, fails the whole call")
    func unmappableAnswerFailsCall() async throws {
        for body in [#"{"result":{"total":1,"inserted":0,"invalid":1,"log":[]}}"#,
                     #"{"result":{"total":1,"inserted":0,"invalid":1,"log":[{"index":3,"code":"x","message":"m"}]}}"#,
                     #"{"result":{"inserted":1,"invalid":0,"log":[]}}"#] {
            let connector = Self.connector(RecordingTransport { _ in Self.json(body) })
            let person = ConnectorPerson(subject: "s", fields: ["email": "s@example.com"], purpose: "m")
            await #expect(throws: ConnectorError.self) { try await connector.upsertBatch([person]) }
        }
    }

    @Test("The strict emulator refuses 501 rows and a wrong key, so neither can pass for success")
    func emulatorIsStrict() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let transport = URLSessionTransport(timeout: .seconds(10))
            let people = (0..<501).map {
                ConnectorPerson(subject: "s\($0)", fields: ["email": "p\($0)@example.com"], purpose: "m")
            }
            let connector = Self.connector(transport, baseURL: emulator.baseURL)
            let tooMany = await #expect(throws: ConnectorError.self) { try await connector.upsertBatch(people) }
            #expect(tooMany?.code == .permanent && tooMany?.apiErrorType == "invalid_arg")
            let wrongKey = Self.connector(transport, baseURL: emulator.baseURL, key: "wrong")
            let refused = await #expect(throws: ConnectorError.self) {
                try await wrongKey.upsertBatch(Array(people.prefix(2)))
            }
            #expect(refused?.code == .unauthorized)
            #expect(try await emulator.state()["contacts"]?.objectValue?.isEmpty == true)
            let results = try await connector.upsertBatch(Array(people.prefix(500)))
            #expect(results.count == 500)
            #expect(try await emulator.state()["contacts"]?.objectValue?.count == 500)
        }
    }
}
