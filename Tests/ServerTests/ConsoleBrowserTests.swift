import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Policy
import Testing

/// The privacy officer's day in Debian's headless Chromium: real logins, forms and clicks against a live server.
@Suite("The officer's day in a real browser", .serialized)
struct ConsoleBrowserTests {
    /// Form, confirmation page with the deadline counted from the received day, the request page verified by the
    /// signed letter, and the receipt with that deadline in the development inbox.
    @Test("A letter received three days ago is registered from the console, receipt in the dev inbox",
          .timeLimit(.minutes(3)))
    func newRequestByLetter() async throws {
        let (test, inbox) = try await RequesterMessageTests.server()
        defer { try? FileManager.default.removeItem(at: inbox.folder) }
        _ = try await test.person()
        try RequestDeadlineDisplayTests.set(test, to: "2026-03-05T10:00:00+03:00")
        let ru = try #require(test.gateway.policies.jurisdiction(code: "RU"))
        let receivedDay = CalendarDay(year: 2026, month: 3, day: 2)
        let fromLetter = CalendarDay(try ru.deadline(for: .access, receivedAt: receivedDay.start(in: ru.timeZone),
                                                     extended: false), in: ru.timeZone)
        let fromToday = CalendarDay(try ru.deadline(for: .access, receivedAt: test.clock.now(), extended: false),
                                    in: ru.timeZone)
        #expect(fromLetter < fromToday)
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test(.live) { client async throws in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let results = try await HeadlessChromium.visit([
                .go("\(base)/console/login?lang=en"), .fill("#token", token), .click("section.login button"),
                .url,
                .click("#new-request-link"),
                .fill("#kind", "access"), .fill("#channel", "letter"), .fill("#email", "anna.test@example.com"),
                .fill("#received", "2026-03-02"), .fill("#evidence", "signed_letter"),
                .shot("new-request-form"),
                .click("#new-request button[value=review]"),
                .text, .shot("new-request-confirm"),
                .click("#confirm-request button[value=confirm]"),
                .url, .text, .shot("new-request-registered"),
                .go("\(base)/dev/inbox"), .text, .shot("dev-inbox"),
            ])
            #expect(results[3]?.hasSuffix("/console/requests") == true)
            let confirmation = try #require(results[12])
            #expect(confirmation.contains("Confirm the new request") && confirmation.contains("2026-03-02")
                    && confirmation.contains(fromLetter.description) && confirmation.contains("matches a person")
                    && confirmation.contains("Signed letter"))
            #expect(try await test.gateway.listRequests(principal: TestServer.officer).count == 1,
                    "the review stored nothing; the confirmation stored one request")
            #expect(results[15]?.contains("/console/requests/REQ-") == true
                    && results[15]?.hasSuffix("?done=created") == true)
            let page = try #require(results[16])
            #expect(page.contains("The request was registered.") && page.contains("Letter")
                    && page.contains(fromLetter.description) && page.contains("Signed letter"))
            let mails = try #require(results[19])
            #expect(mails.contains("Ваше обращение REQ-") && mails.contains("получено")
                    && mails.contains("не позднее \(fromLetter)"))
        }
        let stored = try #require(try await test.gateway.listRequests(principal: TestServer.officer).first)
        #expect(stored.channel == "letter" && stored.verification == "signed_letter" && stored.state == .verified)
        #expect(CalendarDay(stored.receivedAt, in: ru.timeZone) == receivedDay)
        #expect(CalendarDay(stored.deadline, in: ru.timeZone) == fromLetter)
    }

    @Test("Support logs in to the subject search, and a refused page's Back link leads there, not to the refusal",
          .timeLimit(.minutes(3)))
    func supportIsNeverStuckOnA403() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["support"])
        try await test.test(.live) { client async throws in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let results = try await HeadlessChromium.visit([
                .go("\(base)/console/login?lang=en"), .fill("#token", token), .click("section.login button"),
                .url,
                .go("\(base)/console/requests"), .text,
                .click("#back"), .url, .shot("support-back"),
            ])
            #expect(results[3]?.hasSuffix("/console/subjects") == true)
            #expect(results[5]?.contains("403") == true && results[5]?.contains("Back to the subject search") == true)
            #expect(results[7]?.hasSuffix("/console/subjects") == true)
        }
    }
}
