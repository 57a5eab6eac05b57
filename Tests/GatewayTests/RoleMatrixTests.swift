import Core
import Audit
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Testing

@Suite("Roles: who sees which field and may do what")
struct RoleMatrixTests {
    static let row = "Иванова Мария Петровна;+79161234537;olga.m@example.com;рекомендация;05.06.2022;2025-01-05;"
        + "47893,38;активный;16.02.1994;ООО Ромашка;7707083893;кофе;да;Полина;Перезвонить"

    /// What each shipped role sees of every field: a value, a masked value, or nothing.
    enum Sight: Equatable { case value(String), masked(String), absent }

    static let clear: [String: String] = [
        "full_name": "Иванова Мария Петровна", "phone": "+79161234537", "email": "olga.m@example.com",
        "source": "рекомендация", "first_contact_date": "2022-06-05", "last_purchase_date": "2025-01-05",
        "last_purchase_amount": "47893.38", "status": "активный", "birthday": "1994-02-16", "company": "ООО Ромашка",
        "inn": "7707083893", "tags": "кофе", "manager": "Полина", "notes": "Перезвонить",
    ]

    static func expected(_ role: String, _ field: String) -> Sight {
        let value = Sight.value(clear[field]!)
        let identity = ["full_name", "birthday"], contact = ["phone", "email"]
        let financial = ["last_purchase_date", "last_purchase_amount", "company", "inn"]
        switch role {
        case "privacy_officer", "manager":
            return value
        case "support":
            if field == "birthday" { return .absent }
            if field == "phone" { return .masked("+7 *** ***-**-37") }
            if field == "email" { return .masked("o***@example.com") }
            if field == "last_purchase_date" { return .masked("****-**-05") }
            if financial.contains(field) && field != "company" { return .masked("***") }
            if field == "company" { return .masked("***") }
            return value
        case "accountant":
            return field == "full_name" || financial.contains(field) ? value : .absent
        case "connector":
            return field == "notes" ? .absent : value
        default:
            _ = identity + contact
            return .absent
        }
    }

    @Test("Every role sees exactly its fields, masked where roles.yaml says so",
          arguments: ["privacy_officer", "manager", "support", "accountant", "connector"])
    func fieldVisibility(role: String) async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.row)
        let view = try await test.gateway.showSubject(id, principal: Principal(name: "staff", role: role))
        var seen: [String: Sight] = [:]
        for field in view.fields {
            seen[field.name] = field.masked ? .masked(field.value ?? "") : .value(field.value ?? "")
        }
        for field in Self.clear.keys.sorted() {
            #expect((seen[field] ?? .absent) == Self.expected(role, field), "\(role) / \(field)")
        }
        // The audit entry names exactly the fields shown.
        let trail = try await test.gateway.auditTrail(of: id, principal: TestGateway.officer)
        let read = try #require(trail.last { $0.action == "subject.read" && $0.role == role })
        #expect(Set(read.fields) == Set(seen.keys))
    }

    @Test("An analyst gets aggregates but no person; the refusal is audited")
    func analystAggregatesOnly() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.row)
        let analyst = Principal(name: "bi", role: "analyst")
        let refused = await #expect(throws: GatewayError.self) {
            _ = try await test.gateway.showSubject(id, principal: analyst)
        }
        #expect(refused?.code == .refused && refused?.exitCode == 3)
        await #expect(throws: GatewayError.self) {
            _ = try await test.gateway.findSubjects(.email("olga.m@example.com"), principal: analyst)
        }
        let stats = try await test.gateway.statistics(principal: analyst)
        #expect(stats.subjects == 1 && stats.fieldFill["email"] == 1.0 && stats.activeConsent["marketing_email"] == 1)
        let trail = try await test.gateway.auditTrail(of: id, principal: TestGateway.officer)
        #expect(trail.contains { $0.action == "subject.read" && $0.outcome == .refused && $0.role == "analyst" })
    }

    /// Whether each role may perform each gated operation, as roles.yaml ships.
    static let actions: [(role: String, importing: Bool, audit: Bool, consent: Bool, aggregates: Bool)] = [
        ("privacy_officer", true, true, true, true),
        ("manager", true, false, true, false),
        ("support", false, false, true, false),
        ("analyst", false, false, false, true),
        ("accountant", false, false, false, false),
        ("connector", false, false, true, false),
        ("intruder", false, false, false, false),
    ]

    @Test("Each role may do exactly its actions; refusals are code 3 and audited", arguments: actions.indices)
    func actionMatrix(index: Int) async throws {
        let (role, importing, audit, consent, aggregates) = Self.actions[index]
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.row)
        let principal = Principal(name: "staff", role: role)
        func outcome(_ body: () async throws -> Void) async -> Bool? {
            do {
                try await body()
                return true
            } catch let error as GatewayError where error.code == .refused {
                return false
            } catch {
                return nil
            }
        }
        let csv = try test.csv("ФИО;Email\nПетров Пётр;p2@example.com\n")
        #expect(await outcome { _ = try test.gateway.importCSV(csv, principal: principal) } == importing)
        #expect(await outcome { _ = try await test.gateway.verifyAudit(principal: principal) } == audit)
        #expect(await outcome {
            _ = try await test.gateway.giveConsent(id, purpose: "marketing_sms",
                                                   capture: ConsentCapture(channel: "api", source: "test"),
                                                   principal: principal)
        } == consent)
        #expect(await outcome { _ = try await test.gateway.statistics(principal: principal) } == aggregates)
        let log = test.gateway.audit
        let refusals = try await test.gateway.vault.read { tx in
            try log.recent(limit: 1_000, in: tx).filter { $0.outcome == AuditEntry.Outcome.refused }.count
        }
        let expectedRefusals = [importing, audit, consent, aggregates].filter { !$0 }.count
        #expect(refusals == expectedRefusals)
    }
}
