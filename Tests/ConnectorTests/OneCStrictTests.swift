import ConnectorKit
import Foundation
import PDGateTesting
import OneCConnector
import Testing

/// 1C as its documentation and field reports describe it: `$metadata` is the truth about property names, rows need
/// their type annotation, writes are confirmed by reading back, refused writes are not retried.
@Suite("1C OData connector: metadata, annotations, read-back, business errors", .timeLimit(.minutes(1)))
struct OneCStrictTests {
    static func connector(_ emulator: Emulator,
                          transport: any HTTPTransport = URLSessionTransport(timeout: .seconds(5))) -> OneCConnector {
        OneCConnector(baseURL: emulator.url("/base/odata/standard.odata"), user: "Администратор",
                      password: Secret("secret"), transport: transport)
    }

    static func recording() -> RecordingTransport {
        let forward = URLSessionTransport(timeout: .seconds(5))
        return RecordingTransport { try await forward.send($0) }
    }

    @Test("Contact rows are written with their @odata.type, so 1C keeps them")
    func rowsCarryTheirType() async throws {
        try await Emulator.with("onec.py") { emulator in
            let transport = Self.recording()
            let connector = Self.connector(emulator, transport: transport)
            let key = try #require(try await connector.upsert(OneCConnectorTests.ivan))
            let rows = try await OneCConnectorTests.counterparty(emulator, key)["КонтактнаяИнформация"]?.arrayValue
            #expect(rows?.count == 2)
            let writes = transport.requests.filter { $0.method == "POST" || $0.method == "PATCH" }
            #expect(!writes.isEmpty)
            for write in writes {
                let body = try JSONDecoder().decode(JSONValue.self, from: write.body)
                #expect(body["КонтактнаяИнформация@odata.type"]
                    == "Collection(StandardODATA.Catalog_Контрагенты_КонтактнаяИнформация_RowType)")
            }
        }
    }

    @Test("A property the base lacks is a configuration error, found once from $metadata")
    func settingsCheckedAgainstMetadata() async throws {
        try await Emulator.with("onec.py", ["--without", "ДокументУдостоверяющийЛичность"]) { emulator in
            let transport = Self.recording()
            let connector = Self.connector(emulator, transport: transport)
            for _ in 0..<2 {
                let error = try await #require(throws: ConnectorError.self) {
                    try await connector.erase(PersonRef(subject: "sub_ivan"))
                }
                #expect(error.code == .invalidConfiguration)
                #expect(error.message.contains("ДокументУдостоверяющийЛичность"))
            }
            #expect(transport.requests.count == 1, "one $metadata read, then the same verdict")
            #expect(transport.requests.first?.url.path.hasSuffix("$metadata") == true)
        }
    }

    @Test("Suppression and erasure are confirmed only when the read-back shows them")
    func readBack() async throws {
        try await Emulator.with("onec.py", ["--drop-writes", "DeletionMark"]) { emulator in
            let connector = Self.connector(emulator)
            let key = try #require(try await connector.upsert(OneCConnectorTests.ivan))
            let error = try await #require(throws: ConnectorError.self) {
                try await connector.suppress(PersonRef(subject: "sub_ivan", externalID: key), reason: .restriction)
            }
            #expect(error.code == .permanent && error.message.contains("by hand"))
            let outcome = try await connector.erase(PersonRef(subject: "sub_ivan", externalID: key))
            guard case .cannotErase(let reason) = outcome else {
                Issue.record("expected cannotErase, got \(outcome)")
                return
            }
            #expect(reason.contains("cannot erase through the API") && reason.contains("DeletionMark"))
            #expect(reason.contains(key))
        }
    }

    @Test("A write 1C refuses (500, code -1) is permanent, with 1C's message masked")
    func businessErrorIsPermanent() async throws {
        try await Emulator.with("onec.py", ["--business-error"]) { emulator in
            let error = try await #require(throws: ConnectorError.self) {
                try await Self.connector(emulator).upsert(OneCConnectorTests.ivan)
            }
            #expect(error.code == .permanent)
            #expect(error.message.contains("Не удалось записать"))
            #expect(!error.message.contains("500100732259") && !error.message.contains("Иванов"))
        }
    }

    @Test("The connector makes no call outside Connectors/OneC/CALLS.md")
    func onlyDocumentedCalls() async throws {
        let documented = try DocumentedCalls(connectorFolder: "OneC")
        #expect(documented.calls.count >= 7)
        try await Emulator.with("onec.py") { emulator in
            let transport = Self.recording()
            let connector = Self.connector(emulator, transport: transport)
            let key = try #require(try await connector.upsert(OneCConnectorTests.ivan))
            _ = try await connector.upsert(OneCConnectorTests.ivan)
            _ = try await connector.read(PersonRef(subject: "sub_ivan", externalID: key))
            try await connector.suppress(PersonRef(subject: "sub_ivan"), reason: .withdrawal)
            try await emulator.seed(["documents": [["set": "Document_РеализацияТоваровУслуг",
                                                    "Контрагент_Key": .string(key)]]])
            _ = try await connector.erase(PersonRef(subject: "sub_ivan", externalID: key))
            #expect(transport.requests.count > 8)
            #expect(documented.undocumented(transport.requests, dropping: 3) == [])
        }
    }
}
