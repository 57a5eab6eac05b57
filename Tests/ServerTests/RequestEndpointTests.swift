import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Keyring
import Testing

@Suite("Data-subject requests over HTTP")
struct RequestEndpointTests {
    static func create(_ client: any TestClientProtocol, _ test: TestServer, kind: String,
                       email: String = "anna.test@example.com") async throws -> String {
        let response = try await client.send(.post, "/v1/requests", headers: test.headers(),
                                             body: #"{"kind": "\#(kind)", "email": "\#(email)", "channel": "email"}"#)
        #expect(response.status == .created)
        return try #require(response.json["reference"] as? String)
    }

    @Test("Access: create, verify, run, download the sealed bundle and open it with the delivery key")
    func accessRequest() async throws {
        let test = try await TestServer.make()
        let id = try await test.person()
        try await test.test { client async throws in
            let reference = try await Self.create(client, test, kind: "access")
            let shown = try await client.send(.get, "/v1/requests/\(reference)", headers: test.headers())
            #expect(shown.json["state"] as? String == "received" && shown.json["subject"] as? String == id.rawValue)
            #expect(shown.json["overdue"] as? Bool == false)
            let early = try await client.send(.post, "/v1/requests/\(reference)/run", headers: test.headers())
            #expect(early.status == .conflict && early.errorCode == "invalid_transition")
            let verified = try await client.send(.post, "/v1/requests/\(reference)/verify", headers: test.headers(),
                                                 body: #"{"method": "email_code"}"#)
            #expect(verified.status == .ok && verified.json["state"] as? String == "verified")
            let twice = try await client.send(.post, "/v1/requests/\(reference)/verify", headers: test.headers(),
                                              body: #"{"method": "email_code"}"#)
            #expect(twice.status == .conflict && twice.errorCode == "invalid_transition")
            let run = try await client.send(.post, "/v1/requests/\(reference)/run", headers: test.headers(),
                                            body: #"{"language": "en"}"#)
            #expect(run.status == .ok)
            let key = try #require(run.json["deliveryKey"] as? String)
            let request = try #require(run.json["request"] as? [String: Any])
            #expect(request["state"] as? String == "completed")
            let links = try #require(request["links"] as? [String: Any])
            #expect(links["bundle"] as? String == "/v1/requests/\(reference)/bundle")
            #expect(!run.text.contains(test.directory.root.path))
            let bundle = try await client.send(.get, "/v1/requests/\(reference)/bundle", headers: test.headers())
            #expect(bundle.status == .ok && bundle.headers[.contentType] == "application/octet-stream")
            let file = test.directory.root.appendingPathComponent("downloaded.bundle")
            try Data(bundle.body.readableBytesView).write(to: file)
            let files = try Gateway.openBundle(file, key: key)
            let answer = String(decoding: try #require(files["answer.json"]), as: UTF8.self)
            #expect(answer.contains("anna.test@example.com"))
            let noAct = try await client.send(.get, "/v1/requests/\(reference)/act", headers: test.headers())
            #expect(noAct.status == .notFound)
            let again = try await client.send(.post, "/v1/requests/\(reference)/run", headers: test.headers())
            #expect(again.status == .conflict)
        }
    }

    @Test("Erasure: run shreds the person and the destruction act downloads as HTML, Markdown and JSON")
    func erasureRequest() async throws {
        let test = try await TestServer.make()
        let id = try await test.person()
        try await test.test { client async throws in
            let reference = try await Self.create(client, test, kind: "erasure")
            _ = try await client.send(.post, "/v1/requests/\(reference)/verify", headers: test.headers(),
                                      body: #"{"method": "signed_letter"}"#)
            let run = try await client.send(.post, "/v1/requests/\(reference)/run", headers: test.headers(json: false))
            #expect(run.status == .ok)
            let erasure = try #require(run.json["erasure"] as? [String: Any])
            #expect(erasure["shredded"] as? Bool == true)
            let act = try #require(erasure["act"] as? String)
            let html = try await client.send(.get, "/v1/requests/\(reference)/act", headers: test.headers())
            #expect(html.status == .ok && html.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(html.headers[.contentDisposition]?.contains("\(act).html") == true)
            let json = try await client.send(.get, "/v1/requests/\(reference)/act?format=json", headers: test.headers())
            #expect(json.json["subject"] as? String == id.rawValue)
            let md = try await client.send(.get, "/v1/requests/\(reference)/act?format=md", headers: test.headers())
            #expect(md.status == .ok)
            let bad = try await client.send(.get, "/v1/requests/\(reference)/act?format=pdf", headers: test.headers())
            #expect(bad.status == .badRequest)
            let gone = try await client.send(.get, "/v1/subjects/\(id.rawValue)", headers: test.headers())
            #expect(gone.status == .notFound)
        }
    }

    @Test("Refuse and extend: once each; a second time is 409; reasons are required")
    func refuseAndExtend() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        try await test.test { client async throws in
            let first = try await Self.create(client, test, kind: "access")
            let noReason = try await client.send(.post, "/v1/requests/\(first)/refuse", headers: test.headers(),
                                                 body: "{}")
            #expect(noReason.status == .badRequest)
            let refused = try await client.send(.post, "/v1/requests/\(first)/refuse", headers: test.headers(),
                                                body: #"{"reason": "identity could not be confirmed"}"#)
            #expect(refused.status == .ok && refused.json["state"] as? String == "refused")
            let again = try await client.send(.post, "/v1/requests/\(first)/refuse", headers: test.headers(),
                                              body: #"{"reason": "again"}"#)
            #expect(again.status == .conflict)
            let second = try await Self.create(client, test, kind: "access")
            let extended = try await client.send(.post, "/v1/requests/\(second)/extend", headers: test.headers(),
                                                 body: #"{"reason": "documents requested"}"#)
            #expect(extended.status == .ok && extended.json["extendedDeadline"] is String)
            let twice = try await client.send(.post, "/v1/requests/\(second)/extend", headers: test.headers(),
                                              body: #"{"reason": "more"}"#)
            #expect(twice.status == .conflict && twice.errorCode == "invalid_transition")
        }
    }

    @Test("The list puts open requests first by deadline; ?overdue=true keeps those past it")
    func listAndOverdue() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        try await test.test { client async throws in
            let access = try await Self.create(client, test, kind: "access")
            let objection = try await Self.create(client, test, kind: "objection")
            let all = try await client.send(.get, "/v1/requests", headers: test.headers())
            let references = (all.json["requests"] as? [[String: Any]])?.compactMap { $0["reference"] as? String }
            #expect(references == [objection, access])
            let none = try await client.send(.get, "/v1/requests?overdue=true", headers: test.headers())
            #expect((none.json["requests"] as? [Any])?.isEmpty == true)
            test.clock.advance(by: 5 * 86_400)
            let late = try await client.send(.get, "/v1/requests?overdue=true", headers: test.headers())
            let overdue = try #require(late.json["requests"] as? [[String: Any]])
            #expect(overdue.map { $0["reference"] as? String } == [objection])
            #expect(overdue.first?["overdue"] as? Bool == true)
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.text.contains("pdgate_requests_open 2"))
            #expect(metrics.text.contains("pdgate_requests_overdue 1"))
        }
    }

    @Test("Unknown or malformed references are 404; a bad kind is 422; no contact is 422")
    func badRequests() async throws {
        let test = try await TestServer.make()
        try await test.test { client async throws in
            #expect(try await client.send(.get, "/v1/requests/REQ-2026-999999", headers: test.headers()).status
                == .notFound)
            #expect(try await client.send(.get, "/v1/requests/anything", headers: test.headers()).status == .notFound)
            let kind = try await client.send(.post, "/v1/requests", headers: test.headers(),
                                             body: #"{"kind": "data_leak", "email": "a@example.com"}"#)
            #expect(kind.status == .unprocessableContent)
            let contact = try await client.send(.post, "/v1/requests", headers: test.headers(),
                                                body: #"{"kind": "access"}"#)
            #expect(contact.status == .unprocessableContent)
            let unknownPerson = try await client.send(.post, "/v1/requests", headers: test.headers(),
                                                      body: #"{"kind": "access", "email": "nobody@example.com"}"#)
            #expect(unknownPerson.status == .created && unknownPerson.json["subject"] == nil)
        }
    }
}
