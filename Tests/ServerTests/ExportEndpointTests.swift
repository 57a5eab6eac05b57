import Foundation
import Gateway
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
}
