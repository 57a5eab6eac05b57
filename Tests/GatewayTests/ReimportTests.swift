import Core
import Foundation
import PDGateTesting
import Audit
import Gateway
import Import
import Keyring
import Testing
import Vault

/// Re-importing an old spreadsheet never goes back in time (issue 24, finding 4).
@Suite("Re-import never goes back in time")
struct ReimportTests {
    static let header = ImportBehaviourTests.header
    /// Anna says "no" in the file, Boris "yes", Vera "yes" (and is rectified later).
    static let file = header + "\n"
        + "Смирнова Анна;+79120000001;anna@example.com;;;;;;;ООО Альфа;;;нет;;\n"
        + "Кузнецов Борис;+79120000002;boris@example.com;;;;;;;ООО Бета;;;да;;\n"
        + "Попова Вера;+79120000003;vera@example.com;;;;;;;ООО Гамма;;;да;;\n"

    struct People {
        let anna: SubjectID
        let boris: SubjectID
        let vera: SubjectID
    }

    /// A gateway with a mailing connector, the file imported once, and the people's later choices: Anna gives a
    /// proven consent, Boris withdraws, Vera's company is rectified.
    static func importThenChoose() async throws -> (TestGateway, Gateway, People) {
        let test = try await TestGateway.make()
        let gateway = try Gateway(directory: test.directory, policies: test.gateway.policies,
                                  notices: test.gateway.notices,
                                  connectors: [ConnectorRoute(name: "unisender", purposes: ["marketing_email"])],
                                  logger: test.logs.makeLogger())
        let first = try gateway.importCSV(try test.csv(file), principal: TestGateway.officer)
        #expect(first.imported == 3 && first.consentGiven == 2)
        func find(_ email: String) async throws -> SubjectID {
            try #require(try await gateway.findSubjects(.email(email), principal: TestGateway.officer).first)
        }
        let people = People(anna: try await find("anna@example.com"), boris: try await find("boris@example.com"),
                            vera: try await find("vera@example.com"))
        try await gateway.giveConsent(people.anna, purpose: "marketing_email",
                                      capture: ConsentCapture(channel: "web_form", source: "form:test"),
                                      principal: TestGateway.officer)
        _ = try await gateway.withdrawConsent(people.boris, purpose: "marketing_email", channel: "privacy_center",
                                              principal: TestGateway.officer)
        _ = try await gateway.updateSubject(people.vera, fields: ["company": "ООО Гамма-Плюс"],
                                            principal: TestGateway.officer)
        // What the first import and the choices queued is not the re-import's concern.
        _ = try await drain(gateway)
        return (test, gateway, people)
    }

    static func company(_ id: SubjectID, in gateway: Gateway) async throws -> String? {
        try await gateway.showSubject(id, principal: TestGateway.officer).fields.first { $0.name == "company" }?.value
    }

    /// Every event queued for the connector, each marked done (the outbox hands out one event per person at a time).
    static func drain(_ gateway: Gateway) async throws -> [OutboxRow] {
        try await gateway.vault.write { tx in
            var all: [OutboxRow] = []
            while true {
                let claimed = try tx.claimOutbox(connector: "unisender", limit: 100, owner: "test", now: 9e9,
                                                 leaseUntil: 9e9)
                if claimed.isEmpty { return all }
                for row in claimed { try tx.completeOutbox(row.eventID, result: "test", at: 9e9) }
                all += claimed
            }
        }
    }

    static func queued(by report: ImportReport, in gateway: Gateway) async throws -> [(subject: String, operation: String)] {
        try await drain(gateway).filter { $0.idempotencyKey.hasSuffix(":import-\(report.run)") }
            .map { ($0.subject, $0.operation) }
    }

    @Test("Re-importing the same file keeps a later proven consent, a withdrawal and a rectification")
    func reimportKeepsNewerChoices() async throws {
        let (test, gateway, people) = try await Self.importThenChoose()
        defer { test.cleanup() }

        let again = try gateway.importCSV(try test.csv(Self.file), principal: TestGateway.officer)
        #expect(again.merged == 3 && again.imported == 0)
        #expect(again.consentWithdrawn == 0 && again.consentGiven == 0)
        #expect(again.consentKeptNewer == 2, "Anna's proven consent and Boris's withdrawal stand")
        #expect(again.keptNewer == ["company": 1])

        let anna = try await gateway.consentState(people.anna, purpose: "marketing_email")
        #expect(anna.active && anna.proven, "\"нет\" in the old file does not withdraw a later proven consent")
        let boris = try await gateway.consentState(people.boris, purpose: "marketing_email")
        #expect(!boris.active, "\"да\" does not re-create spreadsheet consent for someone who withdrew")
        #expect(try await Self.company(people.vera, in: gateway) == "ООО Гамма-Плюс")

        let queued = try await Self.queued(by: again, in: gateway)
        #expect(!queued.contains { $0.subject == people.boris.rawValue }, "no re-subscribe for the withdrawn person")
        #expect(!queued.contains { $0.subject == people.anna.rawValue && $0.operation == "suppress" })

        let trail = try await gateway.auditTrail(of: people.vera, principal: TestGateway.officer)
        let entry = try #require(trail.last { $0.action == "import.merge" })
        #expect(entry.detail?.contains("run=\(again.run)") == true && entry.detail?.contains("kept_newer=company") == true)
        #expect(entry.detail?.contains("Гамма") == false, "field names, never values")
    }

    @Test("With --overwrite-newer the file's values win, and its \"no\" withdraws; \"yes\" never undoes a withdrawal")
    func overwriteNewerLetsTheFileWin() async throws {
        let (test, gateway, people) = try await Self.importThenChoose()
        defer { test.cleanup() }

        var options = ImportOptions()
        options.overwriteNewer = true
        let again = try gateway.importCSV(try test.csv(Self.file), options: options, principal: TestGateway.officer)
        #expect(again.keptNewer.isEmpty && again.mergedChanged == 1)
        #expect(try await Self.company(people.vera, in: gateway) == "ООО Гамма")
        #expect(try await gateway.consentState(people.anna, purpose: "marketing_email").active == false)
        #expect(try await gateway.consentState(people.boris, purpose: "marketing_email").active == false)

        let queued = try await Self.queued(by: again, in: gateway)
        #expect(queued.contains { $0.subject == people.anna.rawValue && $0.operation == "suppress" },
                "the file's withdrawal reaches the connector")
        #expect(!queued.contains { $0.subject == people.boris.rawValue })

        let vera = try await gateway.auditTrail(of: people.vera, principal: TestGateway.officer)
        let merge = try #require(vera.last { $0.action == "import.merge" })
        #expect(merge.fields == ["company"] && merge.detail?.contains("run=\(again.run)") == true)
        let anna = try await gateway.auditTrail(of: people.anna, principal: TestGateway.officer)
        #expect(anna.contains { $0.action == "import.consent" && $0.detail?.contains("action=withdrawn") == true })
    }

    @Test("A newer file still updates values that only an import wrote, and the change is in the audit trail")
    func newerFileUpdatesImportedValues() async throws {
        let (test, gateway, people) = try await Self.importThenChoose()
        defer { test.cleanup() }

        let newer = Self.header + "\n" + "Смирнова Анна;+79120000001;anna@example.com;;;;;;;ООО Альфа-2;;;;;\n"
        let report = try gateway.importCSV(try test.csv(newer), principal: TestGateway.officer)
        #expect(report.mergedChanged == 1 && report.keptNewer.isEmpty)
        #expect(try await Self.company(people.anna, in: gateway) == "ООО Альфа-2")
        let trail = try await gateway.auditTrail(of: people.anna, principal: TestGateway.officer)
        #expect(trail.contains { $0.action == "import.merge" && $0.fields == ["company"] })
        // Anna may be sent again (her proven consent is active): the change is queued for the connector.
        let queued = try await Self.queued(by: report, in: gateway)
        #expect(queued.contains { $0.subject == people.anna.rawValue && $0.operation == "upsert" })
    }

    @Test("A legacy consent from one file is withdrawn by a later file's \"no\", and the connector is told")
    func laterFileWithdrawsLegacyConsent() async throws {
        let (test, gateway, people) = try await Self.importThenChoose()
        defer { test.cleanup() }
        let newer = Self.header + "\n" + "Попова Вера;+79120000003;vera@example.com;;;;;;;;;;нет;;\n"
        let report = try gateway.importCSV(try test.csv(newer), principal: TestGateway.officer)
        #expect(report.consentWithdrawn == 1)
        #expect(try await gateway.consentState(people.vera, purpose: "marketing_email").active == false)
        let queued = try await Self.queued(by: report, in: gateway)
        #expect(queued.contains { $0.subject == people.vera.rawValue && $0.operation == "suppress" })
    }

    @Test("A value the operator changed through the API or a form after the import survives re-importing the file")
    func reimportKeepsAPIChanges() async throws {
        let (test, gateway, people) = try await Self.importThenChoose()
        defer { test.cleanup() }
        // The API records Boris again with his new company: the one editor marks the value as no import's.
        let merged = try await gateway.createSubject(
            fields: ["full_name": "Кузнецов Борис", "email": "boris@example.com", "company": "ООО Бета-Новая"],
            consents: [], capture: ConsentCapture(channel: "api", source: "crm"), principal: TestGateway.officer)
        #expect(!merged.created && merged.changedFields == ["company"])

        let again = try gateway.importCSV(try test.csv(Self.file), principal: TestGateway.officer)
        #expect(again.keptNewer["company"] == 2, "Vera's rectification and Boris's API change stand")
        #expect(try await Self.company(people.boris, in: gateway) == "ООО Бета-Новая")
    }
}
