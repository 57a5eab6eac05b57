import Core
import Foundation
import Gateway
import Keyring
import Hummingbird
import HummingbirdTesting
import Testing

/// Deadlines as the officer and the API see them: the last day and the days left in the jurisdiction's time zone.
@Suite("Request deadlines in the jurisdiction's time zone")
struct RequestDeadlineDisplayTests {
    static func instant(_ iso: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: iso))
    }

    /// Moves the test clock to `iso`.
    static func set(_ test: TestServer, to iso: String) throws {
        test.clock.advance(by: try instant(iso).timeIntervalSince(test.clock.now()))
    }

    @Test("An EU deadline shows its last day in Brussels, not the next day it already is in Moscow")
    func euDeadlineDayInBrussels() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        try Self.set(test, to: "2026-03-02T10:00:00+01:00")
        let created = try await test.gateway.createRequest(
            kind: .access, lookup: .email("anna.test@example.com"), jurisdiction: "EU", channel: "email",
            principal: TestServer.officer)
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            let json = try await client.send(.get, "/v1/requests/\(created.reference)", headers: test.headers()).json
            #expect(json["lastDay"] as? String == "2026-04-02")
            let session = try await ConsoleSession.login(client, token: token)
            let page = try await client.send(.get, "/console/requests/\(created.reference)?lang=en",
                                             headers: session.headers).text
            #expect(page.contains("<dd>2026-04-02") && !page.contains("2026-04-03"))
            let queue = try await client.send(.get, "/console/requests?lang=en", headers: session.headers).text
            #expect(queue.contains(">2026-04-02") && !queue.contains("2026-04-03"))
        }
    }

    @Test("Days left are whole days to the last day in the jurisdiction's zone: 0 on the day, 1 the day before")
    func daysLeftCountsCalendarDays() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        try Self.set(test, to: "2026-03-02T10:00:00+03:00")
        let created = try await test.gateway.createRequest(
            kind: .access, lookup: .email("anna.test@example.com"), jurisdiction: "RU", channel: "letter",
            principal: TestServer.officer)
        // Half an hour past midnight in Moscow on the day before the last day (still the previous day in UTC).
        let lastDayEnd = created.deadline   // 23:59:59 in Moscow
        test.clock.advance(by: lastDayEnd.addingTimeInterval(-2 * 86_400 + 1 + 1_800).timeIntervalSince(test.clock.now()))
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            var json = try await client.send(.get, "/v1/requests/\(created.reference)", headers: test.headers()).json
            #expect(json["daysLeft"] as? Int == 1)
            let session = try await ConsoleSession.login(client, token: token)
            var queue = try await client.send(.get, "/console/requests?lang=en", headers: session.headers).text
            #expect(queue.contains(#"<td class="left">"# + "\n1 "))
            test.clock.advance(by: lastDayEnd.addingTimeInterval(-60).timeIntervalSince(test.clock.now()))
            json = try await client.send(.get, "/v1/requests/\(created.reference)", headers: test.headers()).json
            #expect(json["daysLeft"] as? Int == 0 && json["overdue"] as? Bool == false)
            let later = try await ConsoleSession.login(client, token: token)   // the first session has expired
            queue = try await client.send(.get, "/console/requests?lang=en", headers: later.headers).text
            #expect(queue.contains(#"<td class="left">"# + "\n0 "))
        }
    }

    @Test("An RU objection is due by the end of the day it arrived, not overdue the moment it is registered")
    func immediateRequestIsNotOverdueAtOnce() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        try Self.set(test, to: "2026-03-03T10:00:00+03:00")
        let created = try await test.gateway.createRequest(
            kind: .objection, lookup: .email("anna.test@example.com"), jurisdiction: "RU", channel: "phone",
            principal: TestServer.officer)
        test.clock.advance(by: 60)
        try await test.test { client async throws in
            var json = try await client.send(.get, "/v1/requests/\(created.reference)", headers: test.headers()).json
            #expect(json["overdue"] as? Bool == false && json["lastDay"] as? String == "2026-03-03")
            let overdue = try await client.send(.get, "/v1/requests?overdue=true", headers: test.headers()).json
            #expect((overdue["requests"] as? [Any])?.isEmpty == true)
            try Self.set(test, to: "2026-03-04T00:00:01+03:00")
            json = try await client.send(.get, "/v1/requests/\(created.reference)", headers: test.headers()).json
            #expect(json["overdue"] as? Bool == true)
        }
    }

    @Test("The API registers a letter with the day it was received; a day in the future is refused")
    func apiReceivedOn() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        try Self.set(test, to: "2026-03-05T10:00:00+03:00")
        try await test.test { client async throws in
            let created = try await client.send(.post, "/v1/requests", headers: test.headers(), body: """
                {"kind": "access", "email": "anna.test@example.com", "channel": "letter", "receivedOn": "2026-03-02"}
                """)
            #expect(created.status == .created)
            #expect((created.json["receivedAt"] as? String)?.hasPrefix("2026-03-01T21:00:00") == true)
            let future = try await client.send(.post, "/v1/requests", headers: test.headers(), body: """
                {"kind": "access", "email": "anna.test@example.com", "receivedOn": "2026-03-06"}
                """)
            #expect(future.status == .unprocessableContent || future.status == .badRequest)
        }
        let audit = try await test.gateway.auditTrail(of: try #require(
            try await test.gateway.listRequests(principal: TestServer.officer).first?.subject.flatMap(SubjectID.init)),
            principal: TestServer.officer)
        #expect(audit.contains { $0.action == "request.create" && $0.detail?.contains("received=2026-03-02") == true })
    }
}
