import Foundation
import Core
import Gateway
import Import
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Exports over HTTP")
struct ExportEndpointTests {
    @Test("POST /v1/exports answers with the file as an attachment, keeps no copy, and checks role and body")
    func export() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        let folder = test.gateway.exportsFolder
        try await test.test { client async throws in
            let csv = try await client.send(.post, "/v1/exports", headers: test.headers(),
                                            body: #"{"purpose": "order_fulfilment"}"#)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.headers[.contentDisposition]?.contains("attachment") == true)
            #expect(csv.headers[.init("X-PDGate-Export-People")!] == "1")
            #expect(csv.text.contains("anna.test@example.com"))

            let xlsx = try await client.send(.post, "/v1/exports", headers: test.headers(),
                                             body: #"{"purpose": "order_fulfilment", "format": "xlsx"}"#)
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(xlsx.text.hasPrefix("PK"))

            let bad = try await client.send(.post, "/v1/exports", headers: test.headers(),
                                            body: #"{"purpose": "order_fulfilment", "format": "ods"}"#)
            #expect(bad.status == .unprocessableContent)
            let unknown = try await client.send(.post, "/v1/exports", headers: test.headers(),
                                                body: #"{"purpose": "nothing"}"#)
            #expect(unknown.status.code >= 400 && unknown.status.code < 500)
            let analyst = try await client.send(.post, "/v1/exports", headers: test.headers("analyst"),
                                                body: #"{"purpose": "order_fulfilment"}"#)
            #expect(analyst.status == .forbidden)
            #expect(!analyst.text.contains("anna"))
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        #expect(left.isEmpty, "no copy of an export stays on the gateway")
    }

    @Test("Over HTTP an export above the role's limit needs another person's approval, used once")
    func approvedExportAboveLimit() async throws {
        let test = try await TestServer.make()
        let people = 1_001
        let rows = (1...people).map { "Покупатель Номер \($0);buyer\($0)@example.com" }
        let csv = test.directory.root.appendingPathComponent("many.csv")
        try ("ФИО;Email\n" + rows.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let imported = try test.gateway.importCSV(csv, principal: TestServer.officer)
        try #require(imported.imported == people)
        let colleague = Principal(name: "test:deputy", role: "privacy_officer")
        try await test.test { client async throws in
            let refused = try await client.send(.post, "/v1/exports", headers: test.headers(),
                                                body: #"{"purpose": "order_fulfilment"}"#)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("approval"), "\(refused.text)")
            #expect(!refused.text.contains("buyer1@"))

            let approval = try await test.gateway.approveExport(
                purpose: "order_fulfilment", for: "token:privacy_officer", people: people, principal: colleague)
            let approved = try await client.send(.post, "/v1/exports", headers: test.headers(),
                                                 body: #"{"purpose": "order_fulfilment", "approval": \#(approval)}"#)
            #expect(approved.status == .ok, "\(approved.text.prefix(300))")
            #expect(approved.headers[.init("X-PDGate-Export-People")!] == "\(people)")

            let again = try await client.send(.post, "/v1/exports", headers: test.headers(),
                                              body: #"{"purpose": "order_fulfilment", "approval": \#(approval)}"#)
            #expect(again.status == .forbidden, "an approval is used once")
        }
    }
}
