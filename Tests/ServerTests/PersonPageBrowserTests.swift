import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

/// Actions on a person's page in Debian's headless Chromium: each by role, each through a confirmation page.
@Suite("Person page actions in a real browser", .serialized)
struct PersonPageBrowserTests {
    static let accounting = ["company": "ООО Вера", "inn": "7707083893", "last_purchase_date": "15.03.2026",
                             "last_purchase_amount": "12000,00"]

    /// The confirmation page lists what is destroyed, what the accounting hold keeps and the day it ends; only the
    /// confirmation destroys anything.
    @Test("The officer erases a customer after a preview of destroyed and held fields", .timeLimit(.minutes(3)))
    func erasureWithPreview() async throws {
        let test = try await TestServer.make()
        let id = try await test.person(extra: Self.accounting)
        let expected = try await test.gateway.erasurePreview(of: id, principal: TestServer.officer)
        #expect(expected.held.contains("inn") && expected.destroyed.contains("email"))
        let holdEnds = ConsoleRoutesDay.day(try #require(expected.holdEnds))
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test(.live) { client async throws in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let results = try await HeadlessChromium.visit([
                .go("\(base)/console/login?lang=en"), .fill("#token", token), .click("section.login button"),
                .go("\(base)/console/subjects/\(id.rawValue)"),
                .fill("#erase-reason", "Purpose achieved, letter of 2026-03-02"), .click("#act-erase button"),
                .text, .shot("erase-preview"),
                .click("#confirm-action button[value=confirm]"),
                .url, .text, .shot("erase-done"),
            ])
            let preview = try #require(results[6])
            #expect(preview.contains("Confirm the erasure") && preview.contains("Destroyed now")
                    && preview.contains("Kept under a legal hold") && preview.contains(holdEnds))
            #expect(preview.contains("E-mail") && preview.contains("INN"))
            #expect(results[9]?.contains("/console/subjects/\(id.rawValue)?done=erased") == true)
            #expect(results[10]?.contains("The person was erased") == true)
        }
        let view = try await test.gateway.showSubject(id, principal: TestServer.officer)
        #expect(Set(view.fields.map(\.name)) == Set(expected.held))
    }

    /// Support is offered no erasure on the same page.
    @Test("Support finds a caller by phone and withdraws their consent through a confirmation page", .timeLimit(.minutes(3)))
    func supportWithdrawsConsentForACaller() async throws {
        let test = try await TestServer.make()
        let id = try await test.person()
        try await test.gateway.giveConsent(id, purpose: "marketing_email",
                                           capture: ConsentCapture(channel: "web_form", source: "test"),
                                           principal: TestServer.officer)
        let token = try #require(test.tokens["support"])
        try await test.test(.live) { client async throws in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let results = try await HeadlessChromium.visit([
                .go("\(base)/console/login?lang=en"), .fill("#token", token), .click("section.login button"),
                .url,
                .fill("#kind", "phone"), .fill("#value", "8 916 000-00-11"), .click("form.search button"),
                .click("ul.results a"),
                .text,
                .fill("#consent-purpose", "marketing_email"), .click("#consent-withdraw"),
                .text, .shot("support-withdraw-confirm"),
                .click("#confirm-action button[value=confirm]"),
                .url, .text,
            ])
            #expect(results[3]?.hasSuffix("/console/subjects") == true)
            let person = try #require(results[8])
            #expect(person.contains("Withdraw consent") && !person.contains("Erase the person"))
            #expect(results[11]?.contains("Confirm the withdrawal of consent") == true)
            #expect(results[14]?.hasSuffix("?done=consent_withdraw") == true)
            #expect(results[15]?.contains("Consent was withdrawn.") == true)
        }
        #expect(try await test.gateway.consentState(id, purpose: "marketing_email").active == false)
    }
}

/// The console's day format (Moscow), for expectations.
enum ConsoleRoutesDay {
    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Moscow")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
