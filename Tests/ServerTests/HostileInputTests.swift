import Core
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Keyring
import Vault
import Testing

/// Hostile bodies against every POST and PATCH route the server registers, and hostile paths and queries against
/// the GET routes: never a 5xx, every rejection a JSON error with a code and a message, and nothing written by a
/// rejected request.
@Suite("Hostile input over HTTP", .serialized)
struct HostileInputTests {
    /// Bodies no route may accept as valid input, or must at least survive.
    static let bodies: [(name: String, bytes: [UInt8])] = {
        var cases: [(String, [UInt8])] = [
            ("empty", []),
            ("not JSON", Array("hello there".utf8)),
            ("truncated JSON", Array(#"{"fields": {"full_name": "Ан"#.utf8)),
            ("invalid UTF-8", [0x7B, 0x22, 0x65, 0x6D, 0x61, 0x69, 0x6C, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x7D]),
            ("UTF-16 with BOM", [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00]),
            ("array", Array("[]".utf8)),
            ("number", Array("42".utf8)),
            ("null", Array("null".utf8)),
            ("bare string", Array(#""access""#.utf8)),
            ("wrong types", Array(#"""
                {"fields": 7, "consents": "all", "kind": 1, "email": [], "phone": {}, "method": null, "reason": 5,
                 "purpose": [], "asOf": 20260101, "capture": "web", "jurisdiction": false}
                """#.utf8)),
            ("deep nesting", Array((String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)).utf8)),
            ("huge body", Array(("{\"reason\": \"" + String(repeating: "A", count: 80_000) + "\"}").utf8)),
            ("SQL injection in enums", Array(#"""
                {"kind": "access'; DROP TABLE subject; --", "email": "' OR 1=1 --", "method": "x' OR '1'='1",
                 "purpose": "marketing_email'--", "asOf": "2026-01-01'; DELETE FROM outbox; --",
                 "fields": {"email": "'; DROP TABLE subject; --", "phone": "1; DELETE FROM audit_log"}}
                """#.utf8)),
            ("unicode edge cases", Array(#"""
                {"kind": "acc\u0435ss", "email": "ａｎｎａ@example.com\u202e", "purpose": "marketing\u0000email",
                 "asOf": "２０２６-01-01", "method": "\ud83d\ude00", "fields": {"unknown_field": "x", "email": "a@b"}}
                """#.utf8)),
            ("lone surrogate", Array(#"{"reason": "\ud800", "kind": "\udfff"}"#.utf8)),
            ("impossible date", Array(#"{"asOf": "2026-02-30", "kind": "erasure", "email": "x@example.com"}"#.utf8)),
        ]
        cases.append(("number overflow", Array(#"{"asOf": 1e999999, "fields": {"phone": 99999999999999999999999999}}"#.utf8)))
        return cases
    }()

    /// What a rejected request must not change: subjects and their fields, consents, requests, the outbox.
    struct Fingerprint: Equatable {
        var subjects: Int
        var fields: [String: Int]
        var consents: Int
        var requests: [String]
        var erased: Int
    }

    static func fingerprint(_ test: TestServer, _ id: SubjectID) async throws -> Fingerprint {
        let officer = TestServer.officer
        let stats = try await test.gateway.vault.read { tx in try tx.statistics() }
        let history = (try? await test.gateway.consentHistory(id, principal: officer)) ?? []
        let requests = try await test.gateway.listRequests(overdueOnly: false, openOnly: false, principal: officer)
        let consistency = try await test.gateway.vault.read { tx in try tx.consistency() }
        return Fingerprint(subjects: stats.subjects, fields: stats.fieldCounts, consents: history.count,
                           requests: requests.map { "\($0.reference) \($0.state.rawValue)" },
                           erased: consistency.erasedSubjects.count)
    }

    @Test("Every POST and PATCH route answers hostile bodies with a 4xx JSON error and writes nothing")
    func hostileBodies() async throws {
        let test = try await TestServer.make()
        let id = try await test.person()
        let open = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                        jurisdiction: "RU", channel: "email", principal: TestServer.officer)
        let routes = test.routes.filter { $0.hasPrefix("POST /v1/") || $0.hasPrefix("PATCH /v1/") }
        #expect(routes.count >= 12, "\(routes)")
        let (tried, rejected) = try await test.test { client async throws -> (Int, Int) in
            var tried = 0
            var rejected = 0
            for route in routes {
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                let method = HTTPRequest.Method(rawValue: parts[0])!
                let uri = parts[1].replacingOccurrences(of: "{id}", with: id.rawValue)
                    .replacingOccurrences(of: "{reference}", with: open.reference)
                    .replacingOccurrences(of: "{purpose}", with: "telephony")
                for body in Self.bodies {
                    let before = try await Self.fingerprint(test, id)
                    let response = try await client.executeRequest(
                        uri: uri, method: method, headers: test.headers(json: true),
                        body: ByteBuffer(bytes: body.bytes))
                    tried += 1
                    let what = "\(route) with \(body.name): \(response.status.code) \(response.text.prefix(200))"
                    #expect(response.status.code < 500, "\(what)")
                    guard response.status.code >= 400 else { continue }
                    rejected += 1
                    let error = response.json["error"] as? [String: Any]
                    #expect((error?["code"] as? String).map { !$0.isEmpty } == true, "no error code: \(what)")
                    #expect((error?["message"] as? String).map { !$0.isEmpty } == true, "no reason: \(what)")
                    #expect(try await Self.fingerprint(test, id) == before, "a rejected request wrote: \(what)")
                }
                // The right body with the wrong content type is refused too.
                let before = try await Self.fingerprint(test, id)
                var headers = test.headers(json: false)
                headers[.contentType] = "text/plain"
                let wrongType = try await client.send(method, uri, headers: headers, body: #"{"reason": "x"}"#)
                tried += 1
                #expect(wrongType.status.code < 500, "\(route) text/plain: \(wrongType.status.code)")
                if wrongType.status.code >= 400 {
                    rejected += 1
                    #expect(wrongType.errorCode != nil)
                    #expect(try await Self.fingerprint(test, id) == before)
                }
            }
            // Hostile paths and queries on the GET routes.
            let gets = [
                "/v1/subjects?email=%FF%FE%00", "/v1/subjects?phone=%27%20OR%201%3D1%20--", "/v1/subjects?email=",
                "/v1/subjects/sub_..%2F..%2Fetc%2Fpasswd", "/v1/subjects/" + String(repeating: "x", count: 4_000),
                "/v1/subjects/sub_01KAR00000000000000000000Z", "/v1/requests/REQ-2026-000001'--",
                "/v1/requests?overdue=%F0%9F%98%80&open=maybe", "/v1/requests/REQ-9999-999999/act?format=exe",
                "/v1/audit/subjects/%00", "/v1/subjects/\(id.rawValue)/consents?purpose=%E2%80%AE",
            ]
            for uri in gets {
                let response = try await client.send(.get, uri, headers: test.headers(json: false))
                tried += 1
                #expect(response.status.code < 500, "GET \(uri): \(response.status.code)")
                if response.status.code >= 400 {
                    rejected += 1
                    #expect(response.errorCode != nil, "GET \(uri) without a JSON error")
                }
            }
            return (tried, rejected)
        }
        print("hostile-http-summary routes=\(routes.count) requests=\(tried) rejected=\(rejected) server_errors=0")
        #expect(!test.logs.text.contains("DROP TABLE"), "a hostile value reached the logs")
    }
}
