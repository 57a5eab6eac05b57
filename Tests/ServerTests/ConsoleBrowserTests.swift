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

/// The rest of the officer's day on a request that came by letter, in Debian's headless Chromium.
@Suite("The officer's day in a real browser, to completion", .serialized)
struct ConsoleRequestDayBrowserTests {
    /// Ask for proof of identity, verify, extend with a reason, run (the delivery key shown once); refuse a second
    /// request only once the refusal is confirmed; the person receives every message in the development inbox.
    @Test("A request by letter from receipt to completion without a shell, each step e-mailed to the person",
          .timeLimit(.minutes(3)))
    func fromReceiptToCompletion() async throws {
        let (test, inbox) = try await RequesterMessageTests.server()
        defer { try? FileManager.default.removeItem(at: inbox.folder) }
        _ = try await test.person()
        let officer = TestServer.officer
        let access = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                          jurisdiction: "RU", channel: "letter", principal: officer)
        let erasure = try await test.gateway.createRequest(kind: .erasure, lookup: .email("anna.test@example.com"),
                                                           jurisdiction: "RU", channel: "letter", principal: officer)
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test(.live) { client async throws in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let page = "\(base)/console/requests/\(access.reference)?lang=en"
            let results = try await HeadlessChromium.visit([
                .go("\(base)/console/login?lang=en"), .fill("#token", token), .click("section.login button"),
                .go(page), .click("#ask-identity button"), .text,
                .fill("#method", "signed_letter"), .click("form[action$='/verify'] button"),
                .fill("#extend-reason", "The request covers five years of archives"),
                .click("form[action$='/extend'] button"), .text,
                .click("form[action$='/run'] button"), .text, .shot("access-run"),
                .go("\(base)/console/requests/\(erasure.reference)?lang=en"),
                .fill("#refuse-reason", "The letter was not signed"), .check("#refuse-confirm"),
                .click("form[action$='/refuse'] button"), .text,
                .go("\(base)/dev/inbox"), .text, .shot("officer-day-inbox"),
            ])
            #expect(results[5]?.contains("The person was asked for proof.") == true)
            #expect(results[10]?.contains("The deadline was extended.") == true)
            #expect(results[12]?.contains("Delivery key") == true)
            #expect(results[18]?.contains("The request was refused.") == true)
            let mails = try #require(results[20])
            for subject in ["Подтвердите личность по обращению \(access.reference)",
                            "Срок ответа по обращению \(access.reference) продлён",
                            "Обращение \(access.reference) выполнено",
                            "Мотивированный отказ по обращению \(erasure.reference)"] {
                #expect(mails.contains(subject), "missing: \(subject)")
            }
            #expect(mails.contains("The request covers five years of archives")
                    && mails.contains("The letter was not signed") && mails.contains("Роскомнадзор"))
        }
        #expect(try await test.gateway.request(access.reference, principal: officer).state == .completed)
    }
}
