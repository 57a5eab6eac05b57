import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("/metrics: the Prometheus text exposition dashboards read")
struct MetricsExpositionTests {
    /// Every family `/metrics` exposes, with the type and help text dashboards and alerts were written against.
    static let families: [String: (type: String, help: String)] = [
        "pdgate_up": ("gauge", "Whether the gateway could read its vault for this scrape."),
        "pdgate_http_requests_total": ("counter", "HTTP requests by route pattern, method and status."),
        "pdgate_http_request_duration_seconds": ("histogram", "Time spent answering requests."),
        "pdgate_auth_failures_total": ("counter", "Failed authentications (bad, expired or revoked tokens)."),
        "pdgate_subjects": ("gauge", "Data subjects held in the vault."),
        "pdgate_requests_open": ("gauge", "Data-subject requests not yet completed or refused."),
        "pdgate_requests_overdue": ("gauge", "Open data-subject requests past their legal deadline."),
        "pdgate_uptime_seconds": ("gauge", "Seconds since the server started."),
    ]

    @Test("Every family keeps its name and help; durations are a histogram; the content type is format 0.0.4")
    func familiesAndContentType() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        try await test.test { client async throws in
            _ = try await client.send(.get, "/v1/stats", headers: test.headers("analyst"))
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let lines = metrics.text.split(separator: "\n").map(String.init)
            for (name, family) in Self.families {
                #expect(lines.filter { $0.hasPrefix("# HELP \(name) ") } == ["# HELP \(name) \(family.help)"])
                #expect(lines.filter { $0.hasPrefix("# TYPE \(name) ") } == ["# TYPE \(name) \(family.type)"])
            }
            let exposed = Set(lines.filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] })
            #expect(exposed == Set(Self.families.keys.map { Substring($0) }), "a family appeared or went missing")
        }
    }

    @Test("Request durations have buckets, sum and count per route pattern, method and status")
    func durationHistogram() async throws {
        let test = try await TestServer.make()
        try await test.test { client async throws in
            #expect(try await client.send(.get, "/v1/stats", headers: test.headers("analyst")).status == .ok)
            #expect(try await client.send(.get, "/v1/stats", headers: test.headers("analyst")).status == .ok)
            let text = try await client.send(.get, "/metrics").text
            let labels = #"route="/v1/stats",method="GET",status="200""#
            #expect(text.contains("pdgate_http_requests_total{\(labels)} 2\n"))
            #expect(text.contains("pdgate_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} 2\n"))
            #expect(text.contains("pdgate_http_request_duration_seconds_bucket{\(labels),le=\"10.0\"} 2\n"))
            #expect(text.contains("pdgate_http_request_duration_seconds_count{\(labels)} 2\n"))
            let sum = text.split(separator: "\n").first { $0.hasPrefix("pdgate_http_request_duration_seconds_sum{\(labels)} ") }
            let seconds = try #require(sum.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) })
            #expect(seconds > 0 && seconds < 10)
        }
    }

    @Test("Every sample line parses: a known family, well-formed labels, a number; unmatched paths are NotFound")
    func samplesParseAndHoldNoPath() async throws {
        let test = try await TestServer.make()
        try await test.test { client async throws in
            _ = try await client.send(.get, "/v1/no-such-thing/anna.test%40example.com", headers: test.headers())
            _ = try await client.send(.get, "/v1/stats", headers: [.authorization: "Bearer not-a-token"])
            let text = try await client.send(.get, "/metrics").text
            #expect(!text.contains("anna") && !text.contains("example.com") && !text.contains("not-a-token"))
            #expect(text.contains(#"pdgate_http_requests_total{route="NotFound",method="GET",status="404"} 1"#))
            #expect(text.contains("pdgate_auth_failures_total 1\n"))
            let sample = /^([a-z_]+)(\{[a-z_]+="[^"\\\n]*"(,[a-z_]+="[^"\\\n]*")*\})? (\S+)$/
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let match = try #require(try sample.wholeMatch(in: String(line)), "unparsable line: \(line)")
                let family = Self.families.keys.first { match.1.hasPrefix($0) }
                #expect(family != nil, "a sample of no known family: \(line)")
                #expect(Double(match.4) != nil, "not a number: \(line)")
            }
        }
    }
}
