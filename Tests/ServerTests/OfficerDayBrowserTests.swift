import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Policy
import Testing

/// The privacy officer's whole day without a shell, in Debian's headless Chromium against a live server: a letter
/// asking for erasure registered with the day it arrived, verified, erased after the preview, a note on the case;
/// an incident opened, updated and closed behind its confirmation; the access review; a token created (shown once)
/// and revoked behind its confirmation. Screenshots go to `.build/test-artifacts/browser`.
@Suite("The officer's whole day in a real browser", .serialized)
struct OfficerDayBrowserTests {
    @Test("Letter → verify → erase with preview → note; incident open → close; access review; token create → revoke",
          .timeLimit(.minutes(5)))
    func officersDay() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        let token = try #require(test.tokens["privacy_officer"])
        let ru = try #require(test.gateway.policies.jurisdiction(code: "RU"))
        let received = CalendarDay(test.clock.now().addingTimeInterval(-2 * 86_400), in: ru.timeZone).description
        try await test.test(.live) { client async throws in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            var steps: [HeadlessChromium.Step] = []
            /// Adds steps; returns the index of the last one (whose result the test reads).
            func add(_ more: HeadlessChromium.Step...) -> Int {
                steps.append(contentsOf: more)
                return steps.count - 1
            }
            _ = add(.go("\(base)/console/login?lang=en"), .fill("#token", token), .click("section.login button"),
                    .click("#new-request-link"), .fill("#kind", "erasure"), .fill("#channel", "letter"),
                    .fill("#email", "anna.test@example.com"), .fill("#received", received),
                    .click("#new-request button[value=review]"))
            let confirmation = add(.text)
            _ = add(.shot("day-1-confirm"), .click("#confirm-request button[value=confirm]"),
                    .fill("#method", "signed_letter"), .click("form[action$='/verify'] button"))
            let preview = add(.text)
            _ = add(.shot("day-2-erasure-preview"), .check("#run-confirm"), .click("form[action$='/run'] button"))
            let erased = add(.text)
            _ = add(.shot("day-3-erased"), .fill("#note", "Original letter filed in folder 12"),
                    .click("#add-note button"))
            let timeline = add(.text)
            _ = add(.shot("day-4-timeline"), .go("\(base)/console/incidents/new?lang=en"),
                    .fill("#summary", "Export file sent to the wrong partner"), .fill("#systems", "crm"),
                    .click("#new-incident button"))
            let incident = add(.text)
            _ = add(.shot("day-5-incident"), .fill("#note", "Partner confirmed deletion"),
                    .fill("#sent_deadline", "ru_initial"), .fill("#sent_reference", "RKN-77"),
                    .click("#update-incident button"), .click("#close-incident button"))
            let closeConfirm = add(.text)
            _ = add(.shot("day-6-close-confirm"), .fill("#note", "Closed after the follow-up"),
                    .click("#confirm-action button[value=confirm]"))
            let closed = add(.text)
            _ = add(.go("\(base)/console/access-review?lang=en"))
            let review = add(.text)
            _ = add(.shot("day-7-access-review"), .go("\(base)/console/tokens?lang=en"),
                    .fill("#token-name", "desk.temp"), .fill("#token-role", "support"), .fill("#token-days", "7"),
                    .click("#create-token button"))
            let created = add(.text)
            _ = add(.shot("day-8-token-created"), .click("form[action='/console/tokens/desk.temp/revoke'] button"))
            let revokeConfirm = add(.text)
            _ = add(.click("#confirm-action button[value=confirm]"))
            let revoked = add(.text)
            _ = add(.shot("day-9-token-revoked"))

            let results = try await HeadlessChromium.visit(steps)
            let confirmText = try #require(results[confirmation])
            #expect(confirmText.contains("Confirm the new request") && confirmText.contains(received))
            let previewText = try #require(results[preview])
            #expect(previewText.contains("Destroyed now") && previewText.contains("E-mail"))
            #expect(results[erased]?.contains("The request was carried out.") == true)
            let timelineText = try #require(results[timeline])
            #expect(timelineText.contains("Original letter filed in folder 12") && timelineText.contains("Registered")
                    && timelineText.contains("Identity verified"))
            let incidentText = try #require(results[incident])
            #expect(incidentText.contains("Incident opened") && incidentText.contains("Export file sent to the wrong"))
            let closeText = try #require(results[closeConfirm])
            #expect(closeText.contains("Closing is final") && closeText.contains("Roskomnadzor, follow-up (72 h)"))
            #expect(results[closed]?.contains("Incident closed.") == true)
            #expect(results[review]?.contains("token:privacy_officer") == true)
            let createdText = try #require(results[created])
            #expect(createdText.contains("Token created:") && createdText.contains("pdg_"))
            #expect(results[revokeConfirm]?.contains("cannot be undone") == true)
            #expect(results[revoked]?.contains("Token revoked.") == true)
            let requests = try await test.gateway.listRequests(principal: TestServer.officer)
            #expect(requests.count == 1 && requests.first?.state == .completed && requests.first?.channel == "letter")
            let incidents = try await test.gateway.listIncidents(principal: TestServer.officer)
            #expect(incidents.count == 1 && incidents.first?.state == "closed"
                    && incidents.first?.deadlines.first { $0.name == "ru_initial" }?.sentReference == "RKN-77")
            #expect(try await test.gateway.listTokens(principal: TestServer.officer)
                .first { $0.name == "desk.temp" }?.revoked == true)
        }
    }
}
