import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import PDGateTesting
import Server
import Testing

/// The identity check of the privacy center: one-time codes, their limits, and what a stranger can learn.
///
/// The time limit guards against a hang: alone the suite takes ~15 s, but each code request now makes three small
/// durable writes (limits and challenge in the database), and beside the whole suite on two cores it has taken over
/// two minutes.
@Suite("Privacy center codes: no enumeration, expiry, attempts, rate limits, no personal data leaks",
       .serialized, .timeLimit(.minutes(5)))
struct PrivacyVerificationTests {
    /// The code page with the per-request challenge token blanked out.
    static func normalised(_ html: String) -> String {
        guard let token = PrivacyVisitor.hidden("challenge", in: html), !token.isEmpty else { return html }
        return html.replacingOccurrences(of: token, with: "TOKEN")
    }

    @Test("Known and unknown addresses and phones get the same status, page and timing class; only one e-mail goes out")
    func noEnumeration() async throws {
        // A mail server that does not answer until the end: an answer that waited for it would never come, and one
        // that did would tell who is known.
        let harness = try await PrivacyHarness.make(gated: true, {
            $0.codesPerAddress = 50
            $0.requestsPerClient = 200
        })
        _ = try await harness.test.person()
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            var known: [Duration] = []
            var unknown: [Duration] = []
            var pages: Set<String> = []
            // Interleaved, so a warm-up or a slow moment hits both alike.
            for round in 0..<6 {
                for (contact, isKnown) in [(PrivacyHarness.email, true), ("nobody.\(round)@example.com", false),
                                           (PrivacyHarness.phone, true), ("+7 916 555-00-0\(round)", false)] {
                    let started = ContinuousClock.now
                    let (page, token) = try await visitor.askCode(for: contact)
                    let took = ContinuousClock.now - started
                    if isKnown { known.append(took) } else { unknown.append(took) }
                    #expect(page.status == .ok && token != nil)
                    #expect(page.headers[values: .setCookie].isEmpty)
                    pages.insert(Self.normalised(page.text))
                }
            }
            #expect(pages.count == 1, "the code page differs between known and unknown contacts")
            // Same timing class: every answer came while the mail server held all mail, so none waited for it; what
            // is left is the same work (a lookup, an audit entry) either way. Medians only, with room for a loaded
            // machine: the structural check above is the strict one.
            #expect(harness.smtp.deliveries().isEmpty)
            let knownMedian = known.sorted()[known.count / 2]
            let unknownMedian = unknown.sorted()[unknown.count / 2]
            #expect(max(knownMedian, unknownMedian) - min(knownMedian, unknownMedian) < .seconds(1),
                    "known \(knownMedian), unknown \(unknownMedian)")
            harness.gate?.open()
            // Twelve codes for the known person, none for anyone else.
            let mails = try await harness.mails(12)
            #expect(mails.count == 12 && mails.allSatisfy { $0.recipients == [PrivacyHarness.email] })
            // An unknown person's challenge never verifies, whatever is guessed; the answer is a known one's.
            let (_, nobody) = try await visitor.askCode(for: "nobody@example.com")
            let (_, somebody) = try await visitor.askCode(for: PrivacyHarness.email)
            let guessNobody = try await visitor.post("/privacy/verify", [("challenge", nobody ?? ""),
                                                                        ("code", "000000")])
            let guessSomebody = try await visitor.post("/privacy/verify", [("challenge", somebody ?? ""),
                                                                          ("code", "000000")])
            #expect(guessNobody.status == guessSomebody.status && guessNobody.status == .unprocessableContent)
            #expect(Self.normalised(guessNobody.text) == Self.normalised(guessSomebody.text))
        }
    }

    @Test("A code expires after its lifetime (test clock), and a used code does not work twice")
    func codeExpires() async throws {
        let harness = try await PrivacyHarness.make()
        _ = try await harness.test.person()
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            let (_, challenge) = try await visitor.askCode(for: PrivacyHarness.email)
            let mail = try #require(try await harness.mails(1).first)
            let code = try #require(PrivacyHarness.code(in: mail))
            harness.test.clock.advance(by: 601)
            let late = try await visitor.post("/privacy/verify", [("challenge", challenge ?? ""), ("code", code)])
            #expect(late.status == .gone && late.text.contains("Код истёк"))
            #expect(visitor.cookies["pdgate_privacy"] == nil)
            // A fresh code works once, within its lifetime.
            let (_, second) = try await visitor.askCode(for: PrivacyHarness.email)
            let freshMail = try #require(try await harness.mails(2).last)
            let fresh = try #require(PrivacyHarness.code(in: freshMail))
            harness.test.clock.advance(by: 590)
            let inTime = try await visitor.post("/privacy/verify", [("challenge", second ?? ""), ("code", fresh)])
            #expect(inTime.status == .seeOther && visitor.cookies["pdgate_privacy"] != nil)
            var other = PrivacyVisitor(client, clientAddress: "203.0.113.77")
            let again = try await other.post("/privacy/verify", [("challenge", second ?? ""), ("code", fresh)])
            #expect(again.status == .gone && other.cookies["pdgate_privacy"] == nil)
        }
    }

    @Test("Five wrong guesses void the code, even the right one after them; wrong codes are limited per client")
    func attemptsAreLimited() async throws {
        let harness = try await PrivacyHarness.make({ $0.wrongCodesPerClient = 8 })
        _ = try await harness.test.person()
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            let (_, challenge) = try await visitor.askCode(for: PrivacyHarness.email)
            let mail = try #require(try await harness.mails(1).first)
            let code = try #require(PrivacyHarness.code(in: mail))
            let wrong = code == "111111" ? "222222" : "111111"
            for left in (1...4).reversed() {
                let guess = try await visitor.post("/privacy/verify", [("challenge", challenge ?? ""), ("code", wrong)])
                #expect(guess.status == .unprocessableContent && guess.text.contains("Осталось попыток: \(left)"))
            }
            let fifth = try await visitor.post("/privacy/verify", [("challenge", challenge ?? ""), ("code", wrong)])
            #expect(fifth.status == .gone)
            let right = try await visitor.post("/privacy/verify", [("challenge", challenge ?? ""), ("code", code)])
            #expect(right.status == .gone && visitor.cookies["pdgate_privacy"] == nil)
            // Wrong codes across challenges: the client is stopped after 8 in the window.
            for _ in 0..<2 {
                let (_, other) = try await visitor.askCode(for: "nobody@example.com")
                _ = try await visitor.post("/privacy/verify", [("challenge", other ?? ""), ("code", wrong)])
            }
            let blocked = try await visitor.post("/privacy/verify", [("challenge", "x"), ("code", wrong)])
            #expect(blocked.status == .tooManyRequests && blocked.headers[.retryAfter] != nil)
            #expect(blocked.text.contains("Слишком много запросов"))
            // Another client is not affected.
            var neighbour = PrivacyVisitor(client, clientAddress: "198.51.100.4")
            #expect(try await neighbour.post("/privacy/verify", [("challenge", "x"), ("code", wrong)]).status == .gone)
        }
    }

    @Test("Codes are limited per e-mail or phone (across clients) and per client address (across addresses)")
    func rateLimits() async throws {
        let harness = try await PrivacyHarness.make({ $0.codesPerAddress = 3; $0.requestsPerClient = 5 })
        _ = try await harness.test.person()
        try await harness.run { client in
            // Per address: three codes from three clients, then 429 for known and unknown alike.
            for contact in [PrivacyHarness.email, "nobody@example.com"] {
                for index in 0..<3 {
                    var visitor = PrivacyVisitor(client, clientAddress: "192.0.2.\(index + 1)")
                    #expect(try await visitor.askCode(for: contact).0.status == .ok)
                }
                var fourth = PrivacyVisitor(client, clientAddress: "192.0.2.50")
                let refused = try await fourth.askCode(for: contact).0
                #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] != nil, "\(contact)")
            }
            // Per client: five asks for different addresses, then 429.
            var busy = PrivacyVisitor(client, clientAddress: "198.51.100.200")
            for index in 0..<5 {
                #expect(try await busy.askCode(for: "someone.\(index)@example.com").0.status == .ok)
            }
            #expect(try await busy.askCode(for: "someone.else@example.com").0.status == .tooManyRequests)
            // The window passes (test clock): asking works again.
            harness.test.clock.advance(by: 901)
            #expect(try await busy.askCode(for: "someone.else@example.com").0.status == .ok)
            _ = try await harness.mails(3)
        }
    }

    @Test("Invisible characters, case or another spelling of the same contact count against the same limit")
    func limitKeyIsTheNormalisedContact() async throws {
        let harness = try await PrivacyHarness.make({ $0.codesPerAddress = 3; $0.requestsPerClient = 50 })
        _ = try await harness.test.person()
        try await harness.run { client in
            let email = PrivacyHarness.email
            let variants = [email, email + "\u{FEFF}", email.uppercased(), email + "\u{2060}", "\u{FEFF}" + email]
            var statuses: [HTTPResponse.Status] = []
            for (index, variant) in variants.enumerated() {
                var visitor = PrivacyVisitor(client, clientAddress: "192.0.2.\(index + 1)")
                statuses.append(try await visitor.askCode(for: variant).0.status)
            }
            #expect(statuses == [.ok, .ok, .ok, .tooManyRequests, .tooManyRequests])
            let phones = ["+7 916 555-44-33", "8 (916) 555-44-33", "9165554433\u{2060}", "+7 916 555 44 33"]
            statuses = []
            for (index, variant) in phones.enumerated() {
                var visitor = PrivacyVisitor(client, clientAddress: "192.0.2.\(index + 20)")
                statuses.append(try await visitor.askCode(for: variant).0.status)
            }
            #expect(statuses == [.ok, .ok, .ok, .tooManyRequests])
            _ = try await harness.mails(3)
        }
    }

    @Test("No e-mail or phone of the fixture appears in the logs, in any URL, in Location headers or in cookies")
    func nothingPersonalInLogsOrURLs() async throws {
        let harness = try await PrivacyHarness.make()
        _ = try await harness.test.person()
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            let account = try await visitor.signIn(harness, mailIndex: 0)
            let csrf = try #require(PrivacyVisitor.hidden("csrf", in: account.text))
            _ = try await visitor.post("/privacy/requests", [("csrf", csrf), ("kind", "access")])
            let page = try await visitor.get("/privacy/me")
            for link in PrivacyVisitor.targets(in: page.text) where link.hasPrefix("/privacy/download/") {
                _ = try await visitor.get(link)
            }
            _ = try await visitor.post("/privacy/signup", [
                ("full_name", "Тестова Анна"), ("email", PrivacyHarness.email), ("phone", PrivacyHarness.phone),
            ])
            let confirmation = try #require(try await harness.mails(2).last)
            let link = try #require(PrivacyHarness.link(in: confirmation))
            _ = try await visitor.get(link)
            _ = try await visitor.post(String(link.prefix { $0 != "?" }), [("lang", "ru")])
            _ = try await visitor.askCode(for: "stranger.person@example.com")
            var everything = visitor.visited.joined(separator: "\n") + "\n" + visitor.cookies.values.joined()
            everything += "\n" + harness.test.logs.text
            for secret in [PrivacyHarness.email, "anna.test", "stranger.person", PrivacyHarness.phoneDigits,
                           "916 000", "9160000011", "Тестова"] {
                #expect(!everything.contains(secret), "\(secret) leaked")
            }
            #expect(harness.test.logs.text.contains("Privacy center e-mail sent"))
            // The links in e-mails carry tokens, never an address.
            #expect(!link.contains("@") && !link.contains("anna"))
            // The audit trail names fields, never values.
            let person = try #require(try await harness.test.gateway.findSubjects(.email(PrivacyHarness.email),
                                                                                 principal: TestServer.officer).first)
            let trail = try await harness.test.gateway.auditTrail(of: person, principal: TestServer.officer)
            #expect(!"\(trail)".contains(PrivacyHarness.email) && !"\(trail)".contains(PrivacyHarness.phoneDigits))
        }
    }
}
