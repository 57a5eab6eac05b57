import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Policy
import Requests
import Testing

@Suite("Breach register, access review and the cross-border gate")
struct IncidentTests {
    static let row1 = "Первый Иван Иванович;+79160000001;first@example.com;сайт;01.02.2024;;;лид;;;;;;;"
    static let row2 = "Вторая Мария Петровна;+79160000002;second@example.com;сайт;01.02.2024;;;лид;;;;;;;"
    static let row3 = "Третий Олег Олегович;+79160000003;third@example.com;сайт;01.02.2024;;;лид;;;;;;;"

    /// Reads `subjects` as `name` at `date`, each read audited at that time.
    static func read(_ test: TestGateway, _ subjects: [SubjectID], as name: String, at date: Date) async throws {
        let gateway = try test.at(date)
        for id in subjects {
            _ = try await gateway.showSubject(id, principal: Principal(name: name, role: "privacy_officer"))
        }
    }

    @Test("RU deadlines are 24 h and 72 h of clock time from detection, across days, months and years")
    func deadlinesAcrossDayBoundaries() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let cases: [(String, String, String)] = [
            ("2026-03-31 23:30", "2026-04-01 23:30", "2026-04-03 23:30"),
            ("2026-12-31 22:00", "2027-01-01 22:00", "2027-01-03 22:00"),
            ("2026-05-08 18:00", "2026-05-09 18:00", "2026-05-11 18:00"),   // holidays do not stop the clock
        ]
        // Opened a month after the last detection: an incident cannot be detected in the future.
        let gateway = try test.at(moscow("2027-02-01 12:00"))
        for (detected, initial, followUp) in cases {
            let incident = try await gateway.openIncident(
                detectedAt: moscow(detected), summary: "test", jurisdictions: ["RU", "EU"], principal: TestGateway.officer)
            #expect(incident.deadlines.map(\.name) == ["ru_initial", "ru_followup", "eu_authority"])
            #expect(incident.deadlines[0].due == moscow(initial))
            #expect(incident.deadlines[1].due == moscow(followUp))
            #expect(incident.deadlines[2].due == moscow(followUp))
        }
    }

    @Test("Deadline states count down: pending, due soon, overdue, sent")
    func deadlineStates() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let detected = moscow("2026-06-10 23:00")
        let opened = try await test.gateway.openIncident(detectedAt: detected, summary: "token leaked",
                                                         principal: TestGateway.officer)
        let initial = opened.deadlines[0]
        #expect(initial.state(at: detected.addingTimeInterval(3600)) == "pending")
        #expect(initial.state(at: detected.addingTimeInterval(19 * 3600)) == "due_soon")
        #expect(initial.state(at: detected.addingTimeInterval(24 * 3600 + 60)) == "overdue")
        #expect(initial.remaining(at: detected.addingTimeInterval(22 * 3600 + 55 * 60)) == "1h 05m")
        #expect(opened.needsAttention(at: detected.addingTimeInterval(25 * 3600)))
        let updated = try await test.gateway.updateIncident(
            opened.reference, IncidentChange(sent: ("ru_initial", detected.addingTimeInterval(3600), "RKN-1")),
            principal: TestGateway.officer)
        #expect(updated.deadlines[0].state(at: detected.addingTimeInterval(30 * 3600)) == "sent")
        #expect(updated.deadlines[1].state(at: detected.addingTimeInterval(73 * 3600)) == "overdue")
        let closed = try await test.gateway.closeIncident(opened.reference, note: "done", principal: TestGateway.officer)
        #expect(closed.state == "closed" && !closed.needsAttention(at: detected.addingTimeInterval(100 * 3600)))
        await #expect(throws: GatewayError.self) {
            _ = try await test.gateway.updateIncident(opened.reference, IncidentChange(note: "late"),
                                                      principal: TestGateway.officer)
        }
    }

    @Test("Affected people are the subjects the given principals read in the window, and nobody else")
    func affectedFromAuditTrail() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let a = try await test.person(Self.row1)
        let b = try await test.person(Self.row2)
        let c = try await test.person(Self.row3)
        let t0 = moscow("2026-02-01 10:00")
        let t1 = moscow("2026-02-20 10:00")
        try await Self.read(test, [c], as: "staff:ivan", at: t0)       // before the window
        try await Self.read(test, [a, b, a], as: "staff:ivan", at: t1)
        try await Self.read(test, [c], as: "staff:olga", at: t1)
        let incident = try await test.gateway.openIncident(
            detectedAt: moscow("2026-02-21 09:00"), summary: "laptop with a session lost", systems: ["console"],
            principals: ["staff:ivan"], window: (moscow("2026-02-15 00:00"), moscow("2026-02-21 09:00")),
            principal: TestGateway.officer)
        #expect(incident.affectedCount == 2)
        #expect(incident.affectedSubjects == [a.rawValue, b.rawValue].sorted())
        #expect(incident.affectedCategories.contains("contact") && incident.affectedCategories.contains("identity"))
        #expect(incident.affectedFields.contains("email"))
        // Everyone's reads in the window: olga's read of the third person counts too.
        let all = try await test.gateway.updateIncident(incident.reference, IncidentChange(principals: []),
                                                        principal: TestGateway.officer)
        #expect(all.affectedCount == 3)
        let shown = try await test.gateway.showIncident(incident.reference, principal: TestGateway.officer)
        #expect(shown.affectedSubjects.count == 3)
        // Every step is in the audit log, without the subjects' values.
        let trail = try await test.gateway.vault.read { tx in
            try test.gateway.audit.entries(from: 0, to: Int64.max, principals: [TestGateway.officer.name], in: tx)
        }
        #expect(trail.map(\.action).filter { $0.hasPrefix("incident.") } == ["incident.open", "incident.update",
                                                                              "incident.show"])
        #expect(!trail.contains { ($0.detail ?? "").contains("@example.com") })
    }

    @Test("Incidents need the audit right; a refusal is audited")
    func refusedWithoutAudit() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        await #expect(throws: GatewayError.self) {
            _ = try await test.gateway.openIncident(detectedAt: Date(), summary: "x",
                                                    principal: Principal(name: "m", role: "manager"))
        }
    }

    @Test("A principal reading more people than the threshold within the window is flagged; spread reads are not")
    func volumeFlag() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let people = [try await test.person(Self.row1), try await test.person(Self.row2),
                      try await test.person(Self.row3)]
        let day = moscow("2026-07-01 09:00")
        try await Self.read(test, people, as: "staff:leaving", at: day)
        for (index, id) in people.enumerated() {
            try await Self.read(test, [id], as: "staff:steady", at: day.addingTimeInterval(Double(index) * 7200))
        }
        let review = try await test.at(day.addingTimeInterval(86_400)).accessReview(
            since: day.addingTimeInterval(-3600), threshold: 2, windowHours: 1, principal: TestGateway.officer)
        let leaving = try #require(review.principals.first { $0.principal == "staff:leaving" })
        let steady = try #require(review.principals.first { $0.principal == "staff:steady" })
        #expect(leaving.flagged && leaving.peakInWindow == 3 && leaving.peopleRead == 3)
        #expect(!steady.flagged && steady.peakInWindow == 1 && steady.peopleRead == 3)
        #expect(review.roles["privacy_officer"]?.contains("audit") == true)
    }

    @Test("A principal far above its own usual volume is flagged under the threshold; one at its usual volume is not")
    func historyFlag() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let header = "ФИО;Телефон;Email;Источник;Дата первого контакта;Дата последней покупки;"
            + "Сумма последней покупки;Статус;День рождения;Компания;ИНН;Теги;Согласие на рассылку;Менеджер;Заметки"
        let letters = Array("абвгдежзиклмн")
        let rows = (0..<12).map {
            "Кл\(letters[$0])ова Анна;+7916000\(1100 + $0);h\($0)@example.com;сайт;;;;лид;;;;;;;"
        }
        _ = try test.importFile(try test.csv(([header] + rows).joined(separator: "\n") + "\n"))
        var people: [SubjectID] = []
        for index in 0..<12 {
            people += try await test.gateway.findSubjects(.email("h\(index)@example.com"),
                                                          principal: TestGateway.officer)
        }
        try #require(people.count == 12)
        let june = moscow("2026-06-01 09:00")
        // History: each reads two people a day, on three days in June.
        for day in 0..<3 {
            let date = june.addingTimeInterval(Double(day) * 86_400)
            try await Self.read(test, Array(people[(day * 2)..<(day * 2 + 2)]), as: "staff:usual", at: date)
            try await Self.read(test, Array(people[(day * 2)..<(day * 2 + 2)]), as: "staff:jump", at: date)
        }
        let july = moscow("2026-07-01 09:00")
        try await Self.read(test, Array(people[0..<2]), as: "staff:usual", at: july)
        try await Self.read(test, people, as: "staff:jump", at: july)
        let review = try await test.at(july.addingTimeInterval(3600)).accessReview(
            since: july.addingTimeInterval(-3600), threshold: 100, principal: TestGateway.officer)
        let usual = try #require(review.principals.first { $0.principal == "staff:usual" })
        let jump = try #require(review.principals.first { $0.principal == "staff:jump" })
        #expect(!usual.flagged && usual.usualPeak == 2)
        #expect(jump.flagged && jump.usualPeak == 2 && jump.peakInWindow == 12 && jump.flagReasons == ["history"])
    }

    @Test("Tokens appear with their last use; live unused ones are idle")
    func tokensInReview() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let token = try await test.gateway.createToken(name: "crm", role: "support", validFor: 86_400 * 30,
                                                       principal: TestGateway.officer)
        _ = token
        _ = try await test.gateway.createToken(name: "unused", role: "support", validFor: 86_400 * 30,
                                               principal: TestGateway.officer)
        let id = try await test.person(Self.row1)
        _ = try await test.gateway.showSubject(id, principal: Principal(name: "token:crm", role: "support"))
        let review = try await test.gateway.accessReview(since: Date().addingTimeInterval(-3600),
                                                         principal: TestGateway.officer)
        #expect(review.tokens.first { $0.name == "crm" }?.lastUsed != nil)
        #expect(review.tokens.first { $0.name == "crm" }?.idle == false)
        #expect(review.tokens.first { $0.name == "unused" }?.idle == true)
    }

    @Test("The gate refuses Mailchimp until operator.yaml records the notification, and says exactly that")
    func crossBorderGate() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.row1)
        let routes = [ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"], country: "US"),
                      ConnectorRoute(name: "unisender", purposes: ["marketing_email"], country: "RU")]
        let gateway = try Gateway(directory: test.directory, policies: test.gateway.policies,
                                  notices: test.gateway.notices, connectors: routes)
        let refusal = try #require(gateway.transferRefusal(connector: "mailchimp"))
        #expect(refusal.contains("Roskomnadzor") && refusal.contains("transfer_notifications.mailchimp"))
        #expect(gateway.transferRefusal(connector: "unisender") == nil)
        do {
            _ = try await gateway.personResolver.person(for: id.rawValue, purpose: "marketing_email",
                                                        connector: "mailchimp")
            Issue.record("the resolver gave Mailchimp a person without the notification")
        } catch {
            #expect(String(describing: error).contains("transfer_notifications.mailchimp"))
        }
        _ = try await gateway.personResolver.person(for: id.rawValue, purpose: "marketing_email", connector: "unisender")

        // With the notification recorded the gate opens.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-pol-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Repository.policies, to: folder)
        let operatorFile = folder.appendingPathComponent("operator.yaml")
        let text = try String(contentsOf: operatorFile, encoding: .utf8)
            + "\ntransfer_notifications:\n  mailchimp: {date: 2025-03-14, reference: RKN-0042}\n"
        try Data(text.utf8).write(to: operatorFile)
        let notified = try Gateway(directory: test.directory, policies: try PolicySet.load(from: folder),
                                   notices: test.gateway.notices, connectors: routes)
        #expect(notified.transferRefusal(connector: "mailchimp") == nil)
        _ = try await notified.personResolver.person(for: id.rawValue, purpose: "marketing_email", connector: "mailchimp")
    }
}
