import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Policy
import Testing
import Workbook

@Suite("Controlled exports", .serialized)
struct ExportTests {
    static let header = "ФИО;Телефон;Email;Источник;Дата первого контакта;Дата последней покупки;"
        + "Сумма последней покупки;Статус;День рождения;Компания;ИНН;Теги;Согласие на рассылку;Менеджер;Заметки"
    static let people = [
        "Иванова Мария;89161234501;maria@example.com;;;2025-01-17;29140,04;активный;07.03.1990;;;\"vip;постоянный\";да;;",
        "Петров Пётр;89161234502;petr@example.com;;;2025-02-08;83657,80;лид;;;;постоянный;да;;",
        "Сидорова Анна;89161234503;anna@example.com;;;;;активный;;ООО Ромашка;7707083893;vip;нет;;",
        "Орлов Олег;89161234504;oleg@example.com;;;;;активный;;;;;да;;",
        "Волкова Юлия;89161234505;yulia@example.com;;;;;активный;;;;vip;нет;;",
    ]

    /// The shipped roles.yaml line of the manager's actions, and the same role allowed to export up to `limit`.
    static let managerActions = "    actions: [import, rectify, consent]\n"
    static func managerExporting(limit: Int) -> String {
        "    actions: [import, rectify, consent, export]\n    export_limit: \(limit)\n"
    }

    /// A gateway whose policies are the shipped ones with another export review threshold and texts of
    /// roles.yaml replaced (each text must be there).
    static func gateway(threshold: Int? = nil, roles edits: [(String, String)] = []) async throws -> TestGateway {
        guard threshold != nil || !edits.isEmpty else { return try await TestGateway.make() }
        let policies = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-pol-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Repository.policies, to: policies)
        if let threshold {
            try "version: 1\nexports:\n  review_threshold: \(threshold)\n"
                .write(to: policies.appendingPathComponent("quality.yaml"), atomically: true, encoding: .utf8)
        }
        let rolesFile = policies.appendingPathComponent("roles.yaml")
        var roles = try String(contentsOf: rolesFile, encoding: .utf8)
        for (old, new) in edits {
            try #require(roles.contains(old), "roles.yaml no longer holds the text a test edits")
            roles = roles.replacingOccurrences(of: old, with: new)
        }
        try roles.write(to: rolesFile, atomically: true, encoding: .utf8)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-gw-\(UUID().uuidString)")
        let logs = CapturedLogs()
        let gateway = try await Gateway.initialise(
            DataDirectory(root: root), policies: try PolicySet.load(from: policies),
            notices: NoticeLibrary(directory: policies.appendingPathComponent("notices")),
            principal: TestGateway.officer, logger: logs.makeLogger())
        return TestGateway(gateway: gateway, directory: DataDirectory(root: root), logs: logs)
    }

    /// Imports the five people; gives proven consent to marketing e-mails to three, withdraws one, restricts one.
    static func populate(_ test: TestGateway) async throws -> [String: SubjectID] {
        _ = try test.importFile(try test.csv(header + "\n" + people.joined(separator: "\n") + "\n"))
        var ids: [String: SubjectID] = [:]
        for email in ["maria", "petr", "anna", "oleg", "yulia"] {
            let found = try await test.gateway.findSubjects(.email("\(email)@example.com"), principal: TestGateway.officer)
            let id: SubjectID = try #require(found.first)
            ids[email] = id
        }
        let capture = ConsentCapture(channel: "web_form", source: "form:test")
        for name in ["maria", "petr", "oleg"] {
            try await test.gateway.giveConsent(ids[name]!, purpose: "marketing_email", capture: capture,
                                               principal: TestGateway.officer)
        }
        try await test.gateway.withdrawConsent(ids["petr"]!, purpose: "marketing_email", channel: "email_link",
                                               principal: TestGateway.officer)
        let oleg = ids["oleg"]!
        try await test.gateway.vault.write { tx in try tx.setStatus(.restricted, of: oleg, now: 0) }
        return ids
    }

    func out(_ test: TestGateway, _ name: String) -> URL {
        test.directory.root.deletingLastPathComponent().appendingPathComponent("\(UUID().uuidString)-\(name)")
    }

    @Test("Only people with a valid basis, only the purpose's fields, never restricted people (CSV)")
    func consentPurposeCSV() async throws {
        let test = try await Self.gateway()
        defer { test.cleanup() }
        _ = try await Self.populate(test)
        let url = out(test, "marketing.csv")
        let result = try await test.gateway.export(ExportRequest(purpose: "marketing_email"), to: url,
                                                   principal: TestGateway.officer)
        #expect(result.people == 1)
        #expect(result.fields == ["full_name", "email", "birthday", "tags"])
        #expect(result.withoutBasis == 3, "legacy imported consent is not enough for marketing_email")
        #expect(result.restricted == 1)
        #expect(!result.flagged)
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.split(separator: "\r\n").map(String.init)
        let expected = ["ФИО;Email;День рождения;Теги", "Иванова Мария;maria@example.com;1990-03-07;\"vip; постоянный\""]
        #expect(lines == expected || lines == ["\u{FEFF}" + expected[0], expected[1]])
        #expect(!text.contains("89161234501") && !text.contains("+79161234501"), "the phone is not a marketing_email field")
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let audit = try await test.gateway.vault.read { tx in try test.gateway.audit.recent(limit: 5, in: tx) }
        let entry = try #require(audit.last { $0.action == "export.run" })
        #expect(entry.purpose == "marketing_email")
        #expect(entry.detail?.contains("people=1") == true)
        #expect(entry.fields == ["full_name", "email", "birthday", "tags"])
        #expect(!(entry.detail ?? "").contains("maria"))
    }

    @Test("A contract purpose exports everyone not restricted, as a typed workbook; tag and status narrow it")
    func contractPurposeXLSX() async throws {
        let test = try await Self.gateway()
        defer { test.cleanup() }
        _ = try await Self.populate(test)
        let url = out(test, "orders.xlsx")
        let result = try await test.gateway.export(ExportRequest(purpose: "order_fulfilment", format: .xlsx), to: url,
                                                   principal: TestGateway.officer)
        #expect(result.people == 4)
        let workbook = try Workbook(url: url)
        var rows: [SheetRow] = []
        try workbook.readRows(of: workbook.sheets[0]) { rows.append($0) }
        #expect(rows.first?.cells.map(\.text) == ["ФИО", "Телефон", "Email", "Компания", "ИНН",
                                                   "Дата последней покупки", "Сумма последней покупки"])
        #expect(rows.count == 5)
        let maria = try #require(rows.first { $0[0] == .text("Иванова Мария") })
        #expect(maria[1] == .text("+79161234501"), "phones stay text")
        #expect(maria[5] == .date(ExcelDate(year: 2025, month: 1, day: 17)))
        #expect(maria[6] == .number("29140.04"))
        #expect(!rows.contains { $0[0] == .text("Орлов Олег") }, "restricted people are never exported")

        let vip = try await test.gateway.export(ExportRequest(purpose: "order_fulfilment", tag: "VIP", format: .xlsx),
                                                to: out(test, "vip.xlsx"), principal: TestGateway.officer)
        #expect(vip.people == 3 && vip.filteredOut == 1)
        let leads = try await test.gateway.export(ExportRequest(purpose: "order_fulfilment", status: "лид"),
                                                  to: out(test, "leads.csv"), principal: TestGateway.officer)
        #expect(leads.people == 1)
    }

    @Test("A role exports what it sees: masked fields masked, filters only on fields it reads")
    func roleMasking() async throws {
        // Support sees contacts masked; here it may export too.
        let test = try await Self.gateway(roles: [("    actions: [consent]        # a person",
                                                   "    actions: [consent, export] # a person")])
        defer { test.cleanup() }
        _ = try await Self.populate(test)
        let support = Principal(name: "test:support", role: "support")
        let url = out(test, "support.csv")
        let result = try await test.gateway.export(ExportRequest(purpose: "order_fulfilment"), to: url, principal: support)
        #expect(result.masked.contains("email") && result.masked.contains("phone"))
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("m***@example.com"))
        #expect(!text.contains("maria@example.com") && !text.contains("+79161234501"))
        let analyst = Principal(name: "test:analyst", role: "analyst")
        await #expect { try await test.gateway.export(ExportRequest(purpose: "order_fulfilment"), to: out(test, "a.csv"),
                                                       principal: analyst) } throws: {
            ($0 as? GatewayError)?.code == .refused
        }
    }

    @Test("Only a role with the export action exports, whatever the size")
    func exportActionRequired() async throws {
        let test = try await Self.gateway()
        defer { test.cleanup() }
        _ = try await Self.populate(test)
        for role in ["manager", "support", "accountant", "connector"] {
            let refused = out(test, "\(role).csv")
            await #expect { try await test.gateway.export(ExportRequest(purpose: "marketing_email"), to: refused,
                                                           principal: Principal(name: "test:\(role)", role: role)) }
                throws: { ($0 as? GatewayError)?.code == .refused && "\($0)".contains("no export action") }
            #expect(!FileManager.default.fileExists(atPath: refused.path), "nothing is written when refused")
        }
        let refusals = try await test.gateway.auditTrailEntries(action: "export.run")
        #expect(refusals == 4)
    }

    @Test("Above the role's export limit an export needs a second person's approval, recorded in the audit log")
    func approvalAboveLimit() async throws {
        let test = try await Self.gateway(roles: [(Self.managerActions, Self.managerExporting(limit: 2))])
        defer { test.cleanup() }
        _ = try await Self.populate(test)
        let gateway = test.gateway
        let manager = Principal(name: "test:manager", role: "manager")
        let officer = TestGateway.officer
        let refused = out(test, "manager.csv")
        await #expect { try await gateway.export(ExportRequest(purpose: "order_fulfilment"), to: refused,
                                                  principal: manager) } throws: {
            "\($0)".contains("limit of 2") && "\($0)".contains("second person's approval")
        }
        #expect(!FileManager.default.fileExists(atPath: refused.path), "nothing is written when refused")
        let small = try await gateway.export(ExportRequest(purpose: "marketing_email"), to: out(test, "m.csv"),
                                             principal: manager)
        #expect(small.people == 1 && !small.flagged && small.reviewThreshold == 2)
        await #expect { try await gateway.approveExport(purpose: "order_fulfilment", for: manager.name, people: 4,
                                                         principal: manager) } throws: {
            ($0 as? GatewayError)?.code == .refused && "\($0)".contains("nobody approves their own")
        }
        let tooFew = try await gateway.approveExport(purpose: "order_fulfilment", for: manager.name, people: 3,
                                                      principal: officer)
        await #expect { try await gateway.export(ExportRequest(purpose: "order_fulfilment", approval: tooFew),
                                                  to: out(test, "few.csv"), principal: manager) } throws: {
            "\($0)".contains("covers 3 people, not 4")
        }
        let approval = try await gateway.approveExport(purpose: "order_fulfilment", for: manager.name, people: 4,
                                                        principal: officer)
        let large = try await gateway.export(ExportRequest(purpose: "order_fulfilment", approval: approval),
                                             to: out(test, "o.csv"), principal: manager)
        #expect(large.flagged && large.people == 4)
        await #expect { try await gateway.export(ExportRequest(purpose: "order_fulfilment", approval: approval),
                                                  to: out(test, "again.csv"), principal: manager) } throws: {
            "\($0)".contains("used already")
        }
        let log = try await gateway.vault.read { tx in try gateway.audit.entries(from: 0, to: .max / 2, in: tx) }
        let given = log.filter { $0.action == "export.approve" && $0.outcome == .ok }
        #expect(given.map(\.principal) == [officer.name, officer.name])
        let runs = log.filter { $0.action == "export.run" && $0.outcome == .ok }
        #expect(runs.count == 2)
        #expect(runs.last?.detail?.contains("flagged=review approved_by=test:officer approval=\(approval)") == true)
        #expect(runs.first?.detail?.contains("flagged") == false)
    }

    @Test("An exported workbook opens in LibreOffice with its rows")
    func exportOpensInLibreOffice() async throws {
        let test = try await Self.gateway()
        defer { test.cleanup() }
        _ = try await Self.populate(test)
        let url = out(test, "orders.xlsx")
        _ = try await test.gateway.export(ExportRequest(purpose: "order_fulfilment", format: .xlsx), to: url,
                                          principal: TestGateway.officer)
        let csv = try await LibreOffice.convert(url, to: "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false",
                                          extension: "csv")
        let text = try String(contentsOf: csv, encoding: .utf8)
        #expect(text.hasPrefix("ФИО;Телефон;Email;Компания;ИНН;Дата последней покупки;Сумма последней покупки"))
        #expect(text.contains("Иванова Мария;+79161234501;maria@example.com"))
        #expect(text.contains("Сидорова Анна;+79161234503;anna@example.com;ООО Ромашка;7707083893"))
        #expect(text.split(separator: "\n").count == 5)
    }
}
