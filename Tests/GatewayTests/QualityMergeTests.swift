import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Testing

@Suite("Data quality report and merging subjects", .serialized)
struct QualityMergeTests {
    static let header = ExportTests.header
    /// Мария and Пётр share a phone (a family phone: kept apart, a doubtful duplicate); Мария Петровна is Мария
    /// again with another e-mail (same phone, agreeing names, different e-mail: kept apart too); Анна has no phone.
    static let rows = [
        "Иванова Мария;89161234500;maria@example.com;;;;;активный;;;;;нет;;",
        "Петров Пётр;89161234500;petr@example.com;;;;;активный;;;;;нет;;",
        "Иванова Мария Петровна;89161234500;maria.work@example.com;;;;;;07.03.1990;;;;нет;;",
        "Сидорова Анна;;anna@example.com;;;;;;;;;;нет;;",
    ]

    static func populate(_ test: TestGateway) async throws -> [String: SubjectID] {
        let report = try test.importFile(try test.csv(header + "\n" + rows.joined(separator: "\n") + "\n"))
        #expect(report.imported == 4)
        var ids: [String: SubjectID] = [:]
        for email in ["maria", "petr", "maria.work", "anna"] {
            let found = try await test.gateway.findSubjects(.email("\(email)@example.com"), principal: TestGateway.officer)
            let id: SubjectID = try #require(found.first)
            ids[email] = id
        }
        return ids
    }

    @Test("Completeness, staleness after the re-verification period and doubtful duplicates, by role")
    func qualityReport() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let ids = try await Self.populate(test)
        let report = try await test.gateway.qualityReport(principal: TestGateway.officer)
        #expect(report.subjects == 4)
        let fields = Dictionary(uniqueKeysWithValues: report.fields.map { ($0.name, $0) })
        #expect(fields["phone"]?.present == 3)
        #expect(fields["phone"]?.completeness == 0.75)
        #expect(fields["birthday"]?.present == 1)
        #expect(fields["email"]?.stale == 0)
        #expect(fields["email"]?.reverifyAfter == "6m")
        #expect(report.doubtfulDuplicateGroups == 1)
        #expect(report.doubtfulDuplicates.first?.subjects.sorted()
                == [ids["maria"]!, ids["petr"]!, ids["maria.work"]!].map(\.rawValue).sorted())
        #expect(report.invalidContacts == 0)

        let later = try test.at(Date().addingTimeInterval(7 * 31 * 86_400))
        let stale = try await later.qualityReport(principal: TestGateway.officer)
        let staleFields = Dictionary(uniqueKeysWithValues: stale.fields.map { ($0.name, $0) })
        #expect(staleFields["email"]?.stale == 4)
        #expect(staleFields["phone"]?.stale == 3)
        #expect(staleFields["inn"]?.stale == 0)

        let analyst = try await test.gateway.qualityReport(principal: Principal(name: "t:analyst", role: "analyst"))
        #expect(analyst.doubtfulDuplicateGroups == 1)
        #expect(analyst.doubtfulDuplicates.isEmpty && analyst.contactProblems.isEmpty, "no pseudonyms for analysts")
        await #expect { try await test.gateway.qualityReport(principal: Principal(name: "t:s", role: "support")) }
            throws: { ($0 as? GatewayError)?.code == .refused }
        let audit = try await test.gateway.vault.read { tx in try test.gateway.audit.recent(limit: 3, in: tx) }
        #expect(audit.last?.action == "quality.report")
        #expect(audit.last?.outcome == .refused)
    }

    @Test("Merging moves fields and consent history into the kept subject, erases the other and tells connectors")
    func merge() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let ids = try await Self.populate(test)
        let keep = ids["maria"]!
        let other = ids["maria.work"]!
        try await test.gateway.giveConsent(other, purpose: "marketing_email",
                                           capture: ConsentCapture(channel: "web_form", source: "form:test"),
                                           principal: TestGateway.officer)
        #expect(try await test.gateway.consentState(keep, purpose: "marketing_email").usable == false)
        let connected = try Gateway(directory: test.directory, policies: test.gateway.policies,
                                    notices: test.gateway.notices,
                                    connectors: [ConnectorRoute(name: "unisender", purposes: ["marketing_email"])],
                                    logger: test.logs.makeLogger())

        let manager = Principal(name: "t:manager", role: "manager")
        await #expect { try await connected.mergeSubjects(keep, other, principal: manager) } throws: {
            ($0 as? GatewayError)?.code == .refused
        }
        let result = try await connected.mergeSubjects(keep, other, principal: TestGateway.officer)
        #expect(result.added == ["birthday"])
        #expect(result.unchanged.sorted() == ["email", "full_name", "phone"],
                "equally fresh values of the kept subject stay")
        #expect(result.consentEvents >= 1)

        #expect(try await test.gateway.consentState(keep, purpose: "marketing_email").usable)
        let view = try await test.gateway.showSubject(keep, principal: TestGateway.officer)
        #expect(view.fields.first { $0.name == "birthday" }?.value == "1990-03-07")
        #expect(view.fields.first { $0.name == "email" }?.value == "maria@example.com")
        await #expect { try await test.gateway.showSubject(other, principal: TestGateway.officer) } throws: {
            ($0 as? GatewayError)?.code == .notFound
        }
        #expect(try await test.gateway.findSubjects(.email("maria.work@example.com"), principal: TestGateway.officer)
            .isEmpty)
        #expect(try await test.gateway.keyring.hasKey(for: other) == false)
        let ledger = try String(contentsOf: test.directory.root.appendingPathComponent("erasures.log"), encoding: .utf8)
        #expect(ledger.contains(other.rawValue))
        let history = try await test.gateway.consentHistory(keep, principal: TestGateway.officer)
        #expect(history.contains { $0.source.hasPrefix("merge:\(other.rawValue)") && $0.action == .given })

        let events = try await test.gateway.vault.write { tx in
            try tx.claimOutbox(connector: "unisender", limit: 10, owner: "test", now: 9e9, leaseUntil: 9e9)
        }
        #expect(events.contains { $0.subject == keep.rawValue && $0.operation == "upsert" })
        #expect(events.contains { $0.subject == other.rawValue && $0.operation == "erase" && $0.payload != nil })
        let trail = try await test.gateway.auditTrail(of: other, principal: TestGateway.officer)
        #expect(trail.contains { $0.action == "subject.merge" && $0.detail == "merged_into=\(keep.rawValue)" })
        #expect(trail.contains { $0.action == "subject.erase" })
        #expect(!test.logs.text.contains("maria"))

        await #expect { try await test.gateway.mergeSubjects(keep, keep, principal: TestGateway.officer) } throws: {
            ($0 as? GatewayError)?.code == .invalidArgument
        }
        await #expect { try await test.gateway.mergeSubjects(keep, other, principal: TestGateway.officer) } throws: {
            ($0 as? GatewayError)?.code == .notFound
        }
    }

    @Test("A merge takes the other subject's value where it was confirmed later, with its index; older values stay")
    func mergeTakesTheLaterConfirmedValue() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let ids = try await Self.populate(test)
        let keep = ids["maria"]!
        let other = ids["maria.work"]!
        // A day later the other subject's phone is confirmed with a new number.
        let later = try Gateway(directory: test.directory, policies: test.gateway.policies,
                                notices: test.gateway.notices, logger: test.logs.makeLogger(),
                                clock: { Date().addingTimeInterval(86_400) })
        _ = try await later.updateSubject(other, fields: ["phone": "+79990001122"], principal: TestGateway.officer)

        let result = try await later.mergeSubjects(keep, other, principal: TestGateway.officer)
        #expect(result.replaced == ["phone"] && result.added == ["birthday"])
        #expect(result.unchanged.sorted() == ["email", "full_name"])
        let view = try await later.showSubject(keep, principal: TestGateway.officer)
        #expect(view.fields.first { $0.name == "phone" }?.value == "+79990001122")
        #expect(try await later.findSubjects(.phone("+79990001122"), principal: TestGateway.officer) == [keep])
    }

    @Test("The later consent event decides after a merge: a withdrawal in the kept subject's history stays")
    func mergeKeepsLaterWithdrawal() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let ids = try await Self.populate(test)
        let capture = ConsentCapture(channel: "web_form", source: "form:test")
        let keep = ids["maria"]!
        let other = ids["maria.work"]!
        try await test.gateway.giveConsent(other, purpose: "marketing_email", capture: capture,
                                           principal: TestGateway.officer)
        let later = try test.at(Date().addingTimeInterval(3_600))
        try await later.giveConsent(keep, purpose: "marketing_email", capture: capture, principal: TestGateway.officer)
        try await later.withdrawConsent(keep, purpose: "marketing_email", channel: "email_link",
                                        principal: TestGateway.officer)
        _ = try await later.mergeSubjects(keep, other, principal: TestGateway.officer)
        #expect(try await test.gateway.consentState(keep, purpose: "marketing_email").active == false)
    }
}
