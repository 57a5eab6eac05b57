import Core
import Foundation
import Gateway
import Import
import Keyring
import PDGateTesting
import Testing

/// A public call (a web sign-up confirmed by its e-mail link) never changes who controls an existing person: it
/// neither merges by phone and name nor overwrites a stored name or contact, so the person's verification codes keep
/// going where they went before.
@Suite("Public calls never change who controls a person", .serialized, .timeLimit(.minutes(4)))
struct PublicCallControlTests {
    static let center = Gateway.privacyCenter

    /// Customers of the kind the takeover hit: one with a phone only, one with a phone and an e-mail.
    static let people = [
        "Богданов Олег Дмитриевич;+7 910 679-24-70;;магазин;10.01.2024;15.03.2024;4500;покупатель;01.02.1980;;;;да;;",
        "Соколова Мария Петровна;+7 916 111-22-33;maria.sokolova@example.com;сайт;10.01.2024;;;лид;;;;;да;;",
        "Ким Алексей;+7 903 555-00-11;;звонок;11.02.2024;;;лид;;;;;нет;;",
    ]
    static let phones = ["+79106792470", "+79161112233", "+79035550011"]
    static let names = ["Богданов Олег Дмитриевич", "Соколова Мария Петровна", "Ким Алексей"]
    static let attackers = ["attacker@evil.example", "other.attacker@evil.example"]

    /// Where each customer's codes go now: the answer to a code request by each phone and e-mail on file.
    static func codeRoutes(_ gateway: Gateway) async throws -> [String: String] {
        var routes: [String: String] = [:]
        for phone in phones {
            let found = try await gateway.codeRoute(for: .phone(phone), principal: center)
            routes[phone] = found.map { "\($0.subject.rawValue)->\(destination($0.route))" } ?? "nobody"
        }
        let found = try await gateway.codeRoute(for: .email("maria.sokolova@example.com"), principal: center)
        routes["maria"] = found.map { "\($0.subject.rawValue)->\(destination($0.route))" } ?? "nobody"
        return routes
    }

    /// A code route as text, address or number included (the route's own description hides them).
    static func destination(_ route: CodeRoute) -> String {
        switch route {
        case .email(let address): "mail:" + address
        case .phone(let number): "sms:" + number
        }
    }

    /// Each customer's stored name, phone and e-mail, as the officer sees them.
    static func records(_ gateway: Gateway, _ ids: [SubjectID]) async throws -> [String] {
        var records: [String] = []
        for id in ids {
            let view = try await gateway.showSubject(id, principal: TestGateway.officer)
            let values = view.fields.filter { ["full_name", "phone", "email"].contains($0.name) }
                .map { "\($0.name)=\($0.value ?? "-")" }.sorted()
            records.append(values.joined(separator: " "))
        }
        return records
    }

    static func customers(_ test: TestGateway) async throws -> [SubjectID] {
        let header = "ФИО;Телефон;Email;Источник;Дата первого контакта;Дата последней покупки;"
            + "Сумма последней покупки;Статус;День рождения;Компания;ИНН;Теги;Согласие на рассылку;Менеджер;Заметки"
        _ = try test.importFile(try test.csv(([header] + people).joined(separator: "\n") + "\n"))
        var ids: [SubjectID] = []
        for phone in phones {
            ids.append(try #require(try await test.gateway.findSubjects(.phone(phone), principal: TestGateway.officer)
                .first))
        }
        return ids
    }

    /// A sign-up the attacker sends and confirms from their own mailbox.
    static func signUp(_ gateway: Gateway, fields: [String: String], consent: Bool) async throws -> SignupOutcome {
        var consents: [String: String] = [:]
        if consent { consents["marketing_email"] = try gateway.consentDocument(for: "marketing_email").notice.version }
        let held = try await gateway.holdSignup(SignupForm(fields: fields, consents: consents, source: "form:test"),
                                                lifetime: 3600, principal: center)
        return try await gateway.confirmSignup(token: held.token, jurisdiction: "RU", principal: center)
    }

    @Test("The reported takeover: a phone and one word of the name no longer take over a phone-only customer")
    func reportedTakeover() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let ids = try await Self.customers(test)
        let routesBefore = try await Self.codeRoutes(test.gateway)
        let recordsBefore = try await Self.records(test.gateway, ids)
        let outcome = try await Self.signUp(test.gateway, fields: [
            "full_name": "Олег", "phone": "+7 910 679-24-70", "email": "attacker@evil.example",
        ], consent: true)
        guard case .recorded(let created, _) = outcome else {
            Issue.record("the attacker's own sign-up should be recorded as a separate person")
            return
        }
        #expect(created.created, "a public sign-up never merges into someone found by phone and name")
        #expect(created.subject != ids[0].rawValue)
        #expect(!created.fields.contains("phone"), "a phone on file for someone else is not stored for the caller")
        #expect(created.needsReview)
        #expect(try await Self.records(test.gateway, ids) == recordsBefore)
        #expect(try await Self.codeRoutes(test.gateway) == routesBefore)
        let attacker = try await test.gateway.codeRoute(for: .email("attacker@evil.example"), principal: Self.center)
        #expect(attacker?.subject.rawValue == created.subject)
    }

    @Test("A sign-up confirmed from the e-mail on file adds consent and files its different values for the officer")
    func ownerSignupProposesChanges() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let ids = try await Self.customers(test)
        let recordsBefore = try await Self.records(test.gateway, ids)
        let outcome = try await Self.signUp(test.gateway, fields: [
            "full_name": "Соколова Мария", "phone": "+7 999 000-00-01", "email": "maria.sokolova@example.com",
        ], consent: true)
        guard case .recorded(let joined, _) = outcome else {
            Issue.record("the owner's sign-up should be recorded")
            return
        }
        #expect(!joined.created && joined.subject == ids[1].rawValue)
        #expect(joined.changedFields.isEmpty)
        #expect(Set(joined.proposedChanges) == ["full_name", "phone"])
        #expect(try await Self.records(test.gateway, ids) == recordsBefore)
        let requests = try await test.gateway.listRequests(openOnly: true, principal: TestGateway.officer)
            .filter { $0.subject == ids[1].rawValue && $0.kind == .rectification }
        #expect(Set(requests.compactMap(\.field)) == ["full_name", "phone"])
        let state = try await test.gateway.consentState(ids[1], purpose: "marketing_email")
        #expect(state.active && state.proven)
    }

    @Test("No sequence of public calls changes where an existing person's codes are sent")
    func randomPublicSequences() async throws {
        let seed = ProcessInfo.processInfo.environment["PDGATE_PUBLIC_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64.max)
        let steps = Int(ProcessInfo.processInfo.environment["PDGATE_PUBLIC_STEPS"] ?? "") ?? 40
        var random = SeededGenerator(seed: seed)
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let ids = try await Self.customers(test)
        let routesBefore = try await Self.codeRoutes(test.gateway)
        let recordsBefore = try await Self.records(test.gateway, ids)
        var trace: [String] = []
        for step in 0..<steps {
            let who = Int.random(in: 0..<Self.names.count, using: &random)
            let words = Self.names[who].split(separator: " ").map(String.init)
            let nameChoice = Int.random(in: 0..<4, using: &random)
            let name = [Self.names[who], words[1], words.shuffled(using: &random).joined(separator: " "),
                        "Чужой Человек"][nameChoice]
            let phoneChoice = Int.random(in: 0..<3, using: &random)
            let phone = [Self.phones[who], "+7 900 000-00-\(10 + step % 80)", ""][phoneChoice]
            let emailChoice = Int.random(in: 0..<3, using: &random)
            let email = [Self.attackers[0], Self.attackers[1], "maria.sokolova@example.com"][emailChoice]
            let consent = Bool.random(using: &random)
            trace.append("signup(name#\(nameChoice) of \(who), phone#\(phoneChoice), email#\(emailChoice), "
                + "consent \(consent))")
            var fields = ["full_name": name, "email": email]
            if !phone.isEmpty { fields["phone"] = phone }
            if emailChoice == 2 {
                // The attacker cannot follow a link sent to the customer's mailbox: the sign-up stays held.
                _ = try await test.gateway.holdSignup(SignupForm(fields: fields, consents: [:], source: "form:test"),
                                                      lifetime: 3600, principal: Self.center)
            } else {
                _ = try await Self.signUp(test.gateway, fields: fields, consent: consent)
            }
            let routes = try await Self.codeRoutes(test.gateway)
            let records = try await Self.records(test.gateway, ids)
            #expect(routes == routesBefore && records == recordsBefore,
                    "seed \(seed) (PDGATE_PUBLIC_SEED=\(seed)), after step \(step): \(trace.joined(separator: "; "))")
            if routes != routesBefore || records != recordsBefore { return }
        }
    }
}

