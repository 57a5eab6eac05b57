import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Testing
import Vault

@Suite("The suppression list: erased and objecting people do not come back with the next spreadsheet")
struct SuppressionListTests {
    static let header = "ФИО;Телефон;Email;Согласие на рассылку"
    static let rows = [
        "Стёртова Анна;+79160001001;erased.anna@example.com;да",
        "Противова Вера;+79160001002;objecting.vera@example.com;да",
        "Обычный Олег;+79160001003;plain.oleg@example.com;да",
        "Другой Пётр;+79160001004;other.petr@example.com;нет",
    ]

    static func file(_ test: TestGateway, rows: [String] = rows) throws -> URL {
        try test.csv(([header] + rows).joined(separator: "\n") + "\n")
    }

    /// Imports the file and erases Anna at her request.
    static func importAndEraseAnna(_ test: TestGateway) async throws {
        _ = try test.importFile(try file(test))
        let anna = try #require(try await test.gateway.findSubjects(.email("erased.anna@example.com"),
                                                                    principal: TestGateway.officer).first)
        _ = try await test.gateway.erase(anna, reason: "request", principal: TestGateway.officer)
    }

    @Test("Re-importing the same file after an erasure and an objection skips those rows and reports them")
    func reimport() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let officer = TestGateway.officer
        let first = try test.importFile(try Self.file(test))
        #expect(first.imported == 4)
        let anna = try #require(try await test.gateway.findSubjects(.email("erased.anna@example.com"),
                                                                    principal: officer).first)
        let vera = try #require(try await test.gateway.findSubjects(.email("objecting.vera@example.com"),
                                                                    principal: officer).first)
        _ = try await test.gateway.erase(anna, reason: "request", principal: officer)
        #expect(try await test.gateway.object(vera, principal: officer) == 1)

        // The same export again, with Vera's phone typed another way and Anna under a new e-mail but her old phone.
        let again = try test.importFile(try Self.file(test, rows: Self.rows + [
            "Противова Вера;8 (916) 000-10-02;;да", "Стёртова Анна;+7 916 000 10 01;anna.new@example.com;да",
        ]))
        #expect(again.suppressed == 4)
        #expect(Set(again.suppressedRows.map(\.row)) == [2, 3, 6, 7])
        #expect(Dictionary(grouping: again.suppressedRows, by: \.reason).mapValues(\.count)
            == ["erasure": 2, "objection": 2])
        #expect(again.merged == 2 && again.imported == 0 && again.rejected == 0)
        #expect(try await test.gateway.findSubjects(.email("erased.anna@example.com"), principal: officer).isEmpty)
        // The objection stands: the spreadsheet's "да" did not give marketing consent back.
        #expect(try await !test.gateway.consentState(vera, purpose: "marketing_email").active)
        #expect(try await test.gateway.vault.read { tx in try tx.subjectCount() } == 3)
        #expect(try await test.gateway.vault.read { tx in try tx.suppressionCounts() }
            == ["erasure": 2, "objection": 2])
        // Vera opts in again herself: her addresses leave the list and her rows import again.
        try await test.gateway.giveConsent(vera, purpose: "marketing_email",
                                           capture: ConsentCapture(channel: "web_form", source: "form:opt-in"),
                                           principal: officer)
        #expect(try await test.gateway.vault.read { tx in try tx.suppressionCounts() } == ["erasure": 2])
        let third = try test.importFile(try Self.file(test, rows: ["Противова Вера;+79160001002;;да"]))
        #expect(third.suppressed == 0 && third.merged == 1)
    }

    @Test("Re-importing the shared fixture after erasures skips the erased people's rows and merges everyone else")
    func fixtureReimportAfterErasures() async throws {
        let manifest = try Manifest.load("customers-1k.manifest.json")
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let officer = TestGateway.officer
        _ = try await test.importFileOffPool(Repository.fixture("customers-1k.csv"))
        // People with an e-mail and no phone shared with anyone else, some of them with merged rows.
        let newRows = manifest.rows.filter { $0.expect == "new" }
        let phones = Dictionary(grouping: newRows.compactMap(\.phone), by: { $0 }).mapValues(\.count)
        let eligible = newRows.filter { $0.email != nil && ($0.phone.map { phones[$0] == 1 } ?? true) }
        let withMerges = Set(manifest.rows.filter { $0.expect == "merge" }.compactMap(\.person))
        let chosen = eligible.filter { withMerges.contains($0.person ?? -1) }.prefix(3)
            + eligible.filter { !withMerges.contains($0.person ?? -1) }.prefix(2)
        for row in chosen {
            let id = try #require(try await test.gateway.findSubjects(.email(row.email!), principal: officer).first)
            _ = try await test.gateway.erase(id, reason: "request", principal: officer)
        }
        let erasedPeople = Set(chosen.compactMap(\.person))
        let erasedRows = manifest.rows.filter { $0.expect != "reject" && erasedPeople.contains($0.person ?? -1) }
        #expect(erasedRows.count > chosen.count, "some erased people had merged rows too")

        // People under an accounting hold keep their held fields after erasure, so count subjects now.
        let subjectsAfterErasure = try await test.gateway.vault.read { tx in try tx.subjectCount() }
        #expect(subjectsAfterErasure < manifest.summary.people)

        let again = try await test.importFileOffPool(Repository.fixture("customers-1k.csv"))
        #expect(Set(again.suppressedRows.map(\.row)) == Set(erasedRows.map(\.row)))
        #expect(again.suppressed == erasedRows.count)
        #expect(again.imported == 0)
        #expect(again.merged == manifest.summary.people + manifest.summary.merge - erasedRows.count)
        #expect(again.rejected == manifest.summary.reject)
        #expect(try await test.gateway.vault.read { tx in try tx.subjectCount() } == subjectsAfterErasure)
        for row in chosen {
            #expect(try await test.gateway.findSubjects(.email(row.email!), principal: officer).isEmpty)
        }
    }

    @Test("A form brings a suppressed person back only with new consent, which lifts the suppression")
    func comeBackThroughConsent() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let officer = TestGateway.officer
        try await Self.importAndEraseAnna(test)
        let count = try await test.gateway.vault.read { tx in try tx.subjectCount() }
        let capture = ConsentCapture(channel: "web_form", source: "form:landing")
        let fields = ["full_name": "Стёртова Анна", "email": "ERASED.anna@example.com"]
        let refusal = await #expect(throws: GatewayError.self) {
            _ = try await test.gateway.createSubject(fields: fields, consents: [], capture: capture, principal: officer)
        }
        #expect(refusal?.code == .suppressed)
        #expect(refusal?.message.contains("erased.anna") == false)
        #expect(try await test.gateway.vault.read { tx in try tx.subjectCount() } == count)

        let back = try await test.gateway.createSubject(fields: fields, consents: ["marketing_email"],
                                                        capture: capture, principal: officer)
        #expect(back.created && back.consents == ["marketing_email"])
        let id = try #require(SubjectID(back.subject))
        let trail = try await test.gateway.auditTrail(of: id, principal: officer)
        #expect(trail.contains { $0.action == "suppression.lift" && $0.fields == ["email"] })
        // Her phone stays suppressed until she gives it again; her e-mail no longer is.
        let next = try test.importFile(try Self.file(test, rows: ["Стёртова Анна;;erased.anna@example.com;да"]))
        #expect(next.suppressed == 0 && next.merged == 1)
    }

    @Test("The list holds keyed hashes under its own key: not the lookup index, never plaintext")
    func ownKeyNoPlaintext() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        try await Self.importAndEraseAnna(test)
        let keyring = test.gateway.keyring
        let lookup = keyring.blindIndex(.email).digest("erased.anna@example.com")
        let suppression = keyring.blindIndex(.suppressionEmail).digest("erased.anna@example.com")
        #expect(lookup != suppression)
        #expect(try await test.gateway.vault.read { tx in
            try tx.suppressionReason(kind: "email", digest: suppression)
        } == "erasure")
        #expect(try await test.gateway.vault.read { tx in try tx.suppressionReason(kind: "email", digest: lookup) }
            == nil)
        try await test.gateway.vault.checkpoint()
        let raw = ["vault.sqlite", "vault.sqlite-wal"].compactMap {
            try? Data(contentsOf: test.directory.root.appendingPathComponent($0))
        }.reduce(Data(), +)
        for text in ["erased.anna@example.com", "+79160001001", "79160001001"] {
            #expect(raw.range(of: Data(text.utf8)) == nil, "\(text)")
        }
    }

    @Test("A person who objected is left out of exports, even for a purpose that does not rest on consent")
    func exportsLeaveOutObjectors() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let officer = TestGateway.officer
        _ = try test.importFile(try Self.file(test))
        let vera = try #require(try await test.gateway.findSubjects(.email("objecting.vera@example.com"),
                                                                    principal: officer).first)
        _ = try await test.gateway.object(vera, principal: officer)
        let out = test.directory.root.appendingPathComponent("export.csv")
        let result = try await test.gateway.export(ExportRequest(purpose: "order_fulfilment"), to: out,
                                                   principal: officer)
        #expect(result.people == 3 && result.restricted == 1)
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(!text.contains("objecting.vera@example.com") && text.contains("plain.oleg@example.com"))
    }
}
