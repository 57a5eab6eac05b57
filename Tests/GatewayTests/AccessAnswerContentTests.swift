import ConnectorKit
import Foundation
import PDGateTesting
import Gateway
import Policy
import Requests
import Testing

/// What an access answer tells the person, element by element (152-FZ art. 14 p. 7; GDPR art. 15).
@Suite("Access answers a regulator would accept as they are")
struct AccessAnswerContentTests {
    static let officer = TestGateway.officer
    /// First contact 05.06.2022; a free-text note about someone else.
    static let maria = "Кузнецова Мария Петровна;+79160000022;maria.k@example.com;выставка;05.06.2022;;;клиент;;;;;;"
        + "Полина;Дочь Маша, 7 лет"

    /// An answer with its files, for a person whose data reached UniSender only (Voximplant's event was skipped).
    struct Answered {
        let json: [String: Any]
        let html: String
        let outcome: String
    }

    static func answer(jurisdiction: String, language: Language? = nil) async throws -> Answered {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.maria)
        let routes = [
            ConnectorRoute(name: "unisender", purposes: ["marketing_sms"], country: "RU"),
            ConnectorRoute(name: "voximplant", purposes: ["telephony"], country: "RU"),
        ]
        let gateway = try Gateway(directory: test.directory, policies: test.gateway.policies,
                                  notices: test.gateway.notices, connectors: routes, logger: test.logs.makeLogger())
        _ = try await gateway.giveConsent(id, purpose: "marketing_sms",
                                          capture: ConsentCapture(channel: "web_form", source: "f"), principal: officer)
        _ = try await gateway.giveConsent(id, purpose: "telephony",
                                          capture: ConsentCapture(channel: "web_form", source: "f"), principal: officer)
        let now = Date()
        for (connector, result) in [("unisender", OutboxResult.upserted(externalID: "42")), ("voximplant", .skipped)] {
            let events = try await gateway.outbox.claim(connector: connector, limit: 10, owner: "test", now: now,
                                                        leaseUntil: now.addingTimeInterval(60))
            try #require(!events.isEmpty, "no event for \(connector)")
            for event in events {
                try await gateway.outbox.markDone(event.id, owner: "test", result: result, at: now)
            }
        }
        let request = try await gateway.createRequest(kind: .access, lookup: .email("maria.k@example.com"),
                                                      jurisdiction: jurisdiction, channel: "email", principal: officer)
        _ = try await gateway.verifyRequest(request.reference, method: "email_code", principal: officer)
        let result = try await gateway.runRequest(request.reference, language: language, principal: officer)
        let files = try Gateway.openBundle(URL(fileURLWithPath: try #require(result.bundleFile)),
                                           key: try #require(result.deliveryKey))
        let json = try JSONSerialization.jsonObject(with: try #require(files["answer.json"])) as? [String: Any]
        let html = String(decoding: try #require(files["answer.html"]), as: UTF8.self)
        return Answered(json: try #require(json), html: html, outcome: result.request.outcome ?? "")
    }

    @Test("RU: only the recipients that received the person's data, with the processor's real address")
    func recipientsActuallyReached() async throws {
        let answer = try await Self.answer(jurisdiction: "RU")
        let received = answer.json["receivedBy"] as? [[String: Any]] ?? []
        #expect(received.compactMap { $0["name"] as? String } == ["UniSender (рассылки e-mail и SMS)"])
        #expect(answer.html.contains("127015, г. Москва, ул. Новодмитровская"))
        #expect(!answer.html.contains("Voximplant (облачная телефония)"))
        #expect(!answer.html.contains("Mailchimp (Intuit Inc., США)"))
        #expect(!answer.html.contains("по договору поручения"))
    }

    @Test("RU: a purpose never consented to reads «согласие не давалось», not «отозвано»")
    func neverConsented() async throws {
        let answer = try await Self.answer(jurisdiction: "RU")
        #expect(answer.html.contains("нет: согласие не давалось"))
        #expect(!answer.html.contains("согласие отозвано"))
    }

    @Test("RU: data is held since the first contact (05.06.2022), not since the import")
    func storedSinceFirstContact() async throws {
        let answer = try await Self.answer(jurisdiction: "RU")
        let items = answer.json["items"] as? [[String: Any]] ?? []
        let email = try #require(items.first { $0["field"] as? String == "email" })
        #expect((email["storedSince"] as? String)?.hasPrefix("2022-06-0") == true)
        #expect(answer.html.contains("05.06.2022"))
    }

    @Test("RU: item 9.1 — the responsible person, the published policy and the measures (art. 18.1)")
    func operatorDuties() async throws {
        let answer = try await Self.answer(jurisdiction: "RU")
        #expect(answer.html.contains("ст. 18.1 152-ФЗ"))
        #expect(answer.html.contains("Иванова Анна Сергеевна"))
        #expect(answer.html.contains("https://example.com/privacy"))
        #expect(answer.html.contains("Принятые меры"))
    }

    @Test("No operator-internal instruction reaches the person's document")
    func noInternalText() async throws {
        let answer = try await Self.answer(jurisdiction: "RU")
        #expect(!answer.html.contains("исключите mailchimp"))
        let policies = try PolicySet.load(from: Repository.policies)
        let mailchimp = try #require(policies.recipient(named: "mailchimp"))
        #expect(mailchimp.transferBasis?.ru.contains("исключите") == false)
        #expect(mailchimp.operatorNote?.ru.contains("исключите") == true)
    }

    @Test("Free-text notes are flagged for the officer's review, with no claim that no one else's data is there")
    func freeTextFlagged() async throws {
        let answer = try await Self.answer(jurisdiction: "RU")
        #expect(answer.json["reviewFields"] as? [String] == ["notes"])
        #expect(answer.outcome.contains("review before release: notes"))
        #expect(!answer.html.contains("не содержит данных других лиц"))
    }

    @Test("The officer's review releases free text without third parties' data; the review is audited without it")
    func reviewedFreeText() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.maria)
        let gateway = test.gateway
        let officer = Self.officer
        let request = try await gateway.createRequest(kind: .access, lookup: .email("maria.k@example.com"),
                                                      jurisdiction: "RU", channel: "email", principal: officer)
        _ = try await gateway.verifyRequest(request.reference, method: "email_code", principal: officer)
        _ = try await gateway.runRequest(request.reference, principal: officer)
        func download() async throws -> (json: [String: Any], html: String) {
            let files = try await gateway.accessAnswer(of: request.reference, for: id, language: .ru,
                                                       principal: officer)
            let json = try JSONSerialization.jsonObject(with: files.json) as? [String: Any]
            return (try #require(json), files.html)
        }
        let before = try await download()
        #expect(before.json["withheldFields"] as? [String] == ["notes"] && !before.html.contains("Маша"))
        await #expect { try await gateway.reviewAccessAnswer(request.reference, released: ["email": "x"],
                                                               principal: officer) } throws: {
            ($0 as? GatewayError)?.code == .invalidArgument && "\($0)".contains("not flagged for review")
        }
        let changed = try await gateway.reviewAccessAnswer(
            request.reference, released: ["notes": "Дочь (данные третьего лица удалены)"], principal: officer)
        #expect(changed == ["notes"])
        let after = try await download()
        let items = after.json["items"] as? [[String: Any]] ?? []
        #expect(items.first { $0["field"] as? String == "notes" }?["value"] as? String
                    == "Дочь (данные третьего лица удалены)")
        #expect((after.json["reviewFields"] as? [String] ?? []).isEmpty)
        #expect(!after.html.contains("Маша") && after.html.contains("данные третьего лица удалены"))
        let log = try await gateway.vault.read { tx in try gateway.audit.entries(subject: id, in: tx) }
        let review = try #require(log.last { $0.action == "request.review" })
        #expect(review.fields == ["notes"] && review.detail?.contains("redacted=notes") == true)
        #expect(!(review.detail ?? "").contains("Маша"))
    }

    @Test("EU: the Russian storage and Russian recipients are third countries, with the safeguard stated")
    func europeanThirdCountries() async throws {
        let answer = try await Self.answer(jurisdiction: "EU")
        #expect(answer.html.contains("Transfers to third countries"))
        #expect(answer.html.contains("Our own database"))
        #expect(answer.html.contains("standard contractual clauses"))
        #expect(!answer.html.contains("On request we tell you the safeguards"))
        let storage = answer.json["storage"] as? [String: Any]
        #expect(storage?["abroad"] as? Bool == true && storage?["country"] as? String == "RU")
        let received = answer.json["receivedBy"] as? [[String: Any]] ?? []
        #expect(received.first?["abroad"] as? Bool == true)
    }

    @Test("EU: by default one language, English, for the whole letter")
    func europeanOneLanguage() async throws {
        let answer = try await Self.answer(jurisdiction: "EU")
        #expect(answer.html.contains("Answer to your request for access to your data"))
        #expect(!answer.html.contains("Ответ на запрос"))
        #expect(!answer.html.contains("Ведение клиентской базы"))
        #expect(!answer.html.contains("импорт клиентской базы"))
    }

    @Test("A recipient abroad that operator.yaml does not declare as a processor fails at load, naming file and line")
    func undeclaredProcessorAbroad() throws {
        do {
            _ = try Repository.policies(editing: "operator.yaml", replacing: "    recipient: mailchimp\n", with: "")
            Issue.record("policies loaded without mailchimp among the processors")
        } catch let error as PolicyError {
            #expect(error.file == "purposes.yaml")
            #expect(error.line != nil)
            #expect(error.message.contains("mailchimp"))
        }
    }
}
