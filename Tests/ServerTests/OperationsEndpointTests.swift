import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Keyring
import Testing

@Suite("Purge, audit, statistics, health and metrics over HTTP")
struct OperationsEndpointTests {
    @Test("Purge: the dry run lists who is due and erases nobody; the run erases them")
    func purge() async throws {
        let test = try await TestServer.make()
        let lead = try await test.person(extra: ["first_contact_date": "01.02.2020"])
        try await test.test { client async throws in
            let preview = try await client.send(.post, "/v1/purge/dry-run", headers: test.headers(json: false))
            #expect(preview.status == .ok && preview.json["dryRun"] as? Bool == true)
            let items = try #require(preview.json["items"] as? [[String: Any]])
            #expect(items.map { $0["subject"] as? String } == [lead.rawValue])
            #expect(try await client.send(.get, "/v1/subjects/\(lead.rawValue)", headers: test.headers()).status == .ok)
            let badDay = try await client.send(.post, "/v1/purge/dry-run", headers: test.headers(),
                                               body: #"{"asOf": "yesterday"}"#)
            #expect(badDay.status == .unprocessableContent)
            let past = try await client.send(.post, "/v1/purge/dry-run", headers: test.headers(),
                                             body: #"{"asOf": "2020-03-01"}"#)
            #expect((past.json["items"] as? [Any])?.isEmpty == true)
            let refused = try await client.send(.post, "/v1/purge/run", headers: test.headers("manager", json: false))
            #expect(refused.status == .forbidden)
            let run = try await client.send(.post, "/v1/purge/run", headers: test.headers(json: false))
            #expect(run.status == .ok && run.json["erased"] as? Int == 1)
            #expect(try await client.send(.get, "/v1/subjects/\(lead.rawValue)", headers: test.headers()).status
                == .notFound)
        }
    }

    @Test("Audit: verify the chain and extract a subject's trail")
    func audit() async throws {
        let test = try await TestServer.make()
        let id = try await test.person()
        try await test.test { client async throws in
            _ = try await client.send(.get, "/v1/subjects/\(id.rawValue)", headers: test.headers("support"))
            let verify = try await client.send(.get, "/v1/audit/verify", headers: test.headers())
            #expect(verify.status == .ok && verify.json["valid"] as? Bool == true)
            #expect((verify.json["entries"] as? Int ?? 0) > 5)
            let trail = try await client.send(.get, "/v1/audit/subjects/\(id.rawValue)", headers: test.headers())
            let entries = try #require(trail.json["entries"] as? [[String: Any]])
            #expect(entries.contains { $0["action"] as? String == "subject.read" && $0["principal"] as? String
                == "token:support" })
            #expect(!trail.text.contains("anna.test@example.com"))
        }
    }

    @Test("Statistics for roles with aggregates; health; metrics without personal data")
    func statisticsHealthMetrics() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        try await test.test { client async throws in
            let stats = try await client.send(.get, "/v1/stats", headers: test.headers("analyst"))
            #expect(stats.status == .ok && stats.json["subjects"] as? Int == 1)
            let health = try await client.send(.get, "/healthz")
            #expect(health.status == .ok && health.json["status"] as? String == "ok")
            let live = try await client.send(.get, "/livez")
            #expect(live.status == .ok && live.json["status"] as? String == "ok")
            _ = try await client.send(.get, "/v1/subjects?email=anna.test%40example.com", headers: test.headers())
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.status == .ok && metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let line = #"pdgate_http_requests_total{route="/v1/subjects",method="GET",status="200"} 1"#
            #expect(metrics.text.contains(line))
            #expect(metrics.text.contains("pdgate_subjects 1"))
            #expect(!metrics.text.contains("anna") && !metrics.text.contains("example.com"))
            #expect(!metrics.text.contains("9160000011"))
        }
    }

    @Test("Logs carry route, status and duration, never values, tokens or bodies")
    func logsHoldNoPersonalData() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            _ = try await client.send(.post, "/v1/subjects", headers: test.headers(), body: SubjectEndpointTests.form)
            _ = try await client.send(.get, "/v1/subjects?email=web.form%40example.com", headers: test.headers())
            _ = try await client.send(.post, "/v1/subjects/search", headers: test.headers(),
                                      body: #"{"phone": "+79165550102"}"#)
            _ = try await client.send(.get, "/v1/stats", headers: [.authorization: "Bearer pdg_not-a-token"])
            _ = try await client.send(.post, "/v1/subjects", headers: test.headers(),
                                      body: #"{"fields": {"full_name": "X", "email": "broken@@example.com"}}"#)
        }
        let logs = test.logs.text
        #expect(logs.contains("hb.request.route=/v1/subjects") || logs.contains("hb.request.route\": /v1/subjects")
            || logs.contains("/v1/subjects"))
        // Every request line carries its duration in milliseconds with two decimals.
        let durations = logs.matches(of: /"pdgate.duration_ms": (\d+)\.(\d\d)[,\]]/)
        #expect(durations.count == logs.components(separatedBy: " Request ").count - 1 && durations.count >= 5)
        for secret in ["web.form", "Web.Form", "example.com", "9165550102", "Петровна", "broken", token,
                       "pdg_not-a-token", "Bearer"] {
            #expect(!logs.contains(secret), "logs contain \(secret)")
        }
    }
}
