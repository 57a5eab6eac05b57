import Core
import Foundation
import PDGateTesting
import Gateway
import Keyring
import Policy
import Requests
import Testing

@Suite("Data-subject requests")
struct RequestTests {
    static let anna = "Смирнова Анна Ивановна;+79160000011;anna.smirnova@example.com;рекомендация;05.06.2022;;;лид;;;;;да;Полина;"

    @Test("RU deadlines count working days across the New Year holidays; EU counts a month",
          arguments: [
            ("RU", "2025-12-26 10:00", "2026-01-21"),
            ("RU", "2026-05-08 18:00", "2026-05-25"),
            ("EU", "2026-01-31 12:00", "2026-02-28"),
          ])
    func deadlines(jurisdiction: String, received: String, due: String) async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await test.person(Self.anna)
        let gateway = try test.at(moscow(received))
        let request = try await gateway.createRequest(kind: .access, lookup: .email("anna.smirnova@example.com"),
                                                      jurisdiction: jurisdiction, channel: "email",
                                                      principal: TestGateway.officer)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: jurisdiction == "RU" ? "Europe/Moscow" : "Europe/Brussels")
        #expect(formatter.string(from: request.deadline) == due)
        #expect(request.state == .received && request.subject != nil)
    }

    @Test("Every state change is checked: verify before run, refuse with a reason, extend once")
    func transitions() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await test.person(Self.anna)
        let gw = test.gateway
        let officer = TestGateway.officer
        let access = try await gw.createRequest(kind: .access, lookup: .phone("8 916 000-00-11"), jurisdiction: "RU",
                                                channel: "letter", principal: officer)
        await #expect(throws: GatewayError.self) { _ = try await gw.runRequest(access.reference, principal: officer) }
        let extended = try await gw.extendRequest(access.reference, reason: "identity documents requested",
                                                  principal: officer)
        #expect(try #require(extended.extendedDeadline) > extended.deadline)
        await #expect(throws: GatewayError.self) {
            _ = try await gw.extendRequest(access.reference, reason: "again", principal: officer)
        }
        let verified = try await gw.verifyRequest(access.reference, method: "signed_letter", principal: officer)
        #expect(verified.state == .verified && verified.verification == "signed_letter")
        await #expect(throws: GatewayError.self) {
            _ = try await gw.verifyRequest(access.reference, method: "again", principal: officer)
        }
        let done = try await gw.runRequest(access.reference, principal: officer)
        #expect(done.request.state == .completed && done.request.outcome != nil)
        await #expect(throws: GatewayError.self) {
            _ = try await gw.refuseRequest(access.reference, reason: "late", principal: officer)
        }
        let other = try await gw.createRequest(kind: .erasure, lookup: .email("anna.smirnova@example.com"),
                                               jurisdiction: "RU", channel: "email", principal: officer)
        let refused = try await gw.refuseRequest(other.reference, reason: "Личность не подтверждена", principal: officer)
        #expect(refused.state == .refused && refused.refusalReason == "Личность не подтверждена")
        let list = try await gw.listRequests(principal: officer)
        #expect(list.map(\.reference).sorted() == [access.reference, other.reference].sorted())
        // A support agent cannot handle requests.
        await #expect(throws: GatewayError.self) {
            _ = try await gw.listRequests(principal: Principal(name: "s", role: "support"))
        }
    }

    @Test("Overdue requests are listed as such")
    func overdue() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await test.person(Self.anna)
        let past = try test.at(moscow("2025-03-03 10:00"))
        _ = try await past.createRequest(kind: .access, lookup: .email("anna.smirnova@example.com"), jurisdiction: "RU",
                                         channel: "email", principal: TestGateway.officer)
        let overdue = try await test.gateway.listRequests(overdueOnly: true, principal: TestGateway.officer)
        #expect(overdue.count == 1)
        #expect(overdue.first?.isOverdue(at: Date()) == true)
    }

    @Test("Access: the sealed bundle opens only with its key and holds the data, readable and as JSON")
    func accessBundle() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await test.person(Self.anna)
        let gw = test.gateway
        let officer = TestGateway.officer
        let request = try await gw.createRequest(kind: .access, lookup: .email("anna.smirnova@example.com"),
                                                 jurisdiction: "RU", channel: "email", principal: officer)
        _ = try await gw.verifyRequest(request.reference, method: "email_code", principal: officer)
        let result = try await gw.runRequest(request.reference, principal: officer)
        let file = URL(fileURLWithPath: try #require(result.bundleFile))
        let raw = try Data(contentsOf: file)
        #expect(!String(decoding: raw, as: UTF8.self).contains("anna.smirnova"))
        let files = try Gateway.openBundle(file, key: try #require(result.deliveryKey))
        #expect(Set(files.keys) == ["answer.json", "answer.html", "answer.md"])
        let json = try JSONSerialization.jsonObject(with: try #require(files["answer.json"])) as? [String: Any]
        let items = json?["items"] as? [[String: Any]] ?? []
        #expect(items.contains { $0["field"] as? String == "email" && $0["value"] as? String == "anna.smirnova@example.com" })
        #expect((json?["purposes"] as? [Any])?.isEmpty == false)
        #expect((json?["consentHistory"] as? [Any])?.count == 1)
        let html = String(decoding: try #require(files["answer.html"]), as: UTF8.self)
        #expect(html.contains("Смирнова Анна Ивановна"))
        let wrongKey = Data(SecretStream.makeKey()).base64EncodedString()
        #expect(throws: GatewayError.self) { _ = try Gateway.openBundle(file, key: wrongKey) }
    }

    @Test("Access for someone unknown answers that nothing is held")
    func accessForUnknownPerson() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let gw = test.gateway
        let request = try await gw.createRequest(kind: .access, lookup: .email("nobody@example.com"), jurisdiction: "EU",
                                                 channel: "email", principal: TestGateway.officer)
        #expect(request.subject == nil)
        _ = try await gw.verifyRequest(request.reference, method: "email_code", principal: TestGateway.officer)
        let result = try await gw.runRequest(request.reference, language: .en, principal: TestGateway.officer)
        let files = try Gateway.openBundle(URL(fileURLWithPath: try #require(result.bundleFile)),
                                           key: try #require(result.deliveryKey))
        let json = try JSONSerialization.jsonObject(with: try #require(files["answer.json"])) as? [String: Any]
        #expect(json?["holdsData"] as? Bool == false)
    }

    @Test("Rectification corrects the field and the lookup index; restriction hides the person from staff")
    func rectifyAndRestrict() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.anna)
        let gw = test.gateway
        let officer = TestGateway.officer
        let fix = try await gw.createRequest(kind: .rectification, lookup: .email("anna.smirnova@example.com"),
                                             jurisdiction: "RU", channel: "email", field: "email",
                                             newValue: "Anna.New@Example.com", principal: officer)
        _ = try await gw.verifyRequest(fix.reference, method: "email_code", principal: officer)
        _ = try await gw.runRequest(fix.reference, principal: officer)
        #expect(try await gw.findSubjects(.email("anna.new@example.com"), principal: officer) == [id])
        #expect(try await gw.findSubjects(.email("anna.smirnova@example.com"), principal: officer).isEmpty)

        let block = try await gw.createRequest(kind: .restriction, lookup: .email("anna.new@example.com"),
                                               jurisdiction: "RU", channel: "email", principal: officer)
        _ = try await gw.verifyRequest(block.reference, method: "email_code", principal: officer)
        _ = try await gw.runRequest(block.reference, principal: officer)
        await #expect(throws: GatewayError.self) {
            _ = try await gw.showSubject(id, principal: Principal(name: "m", role: "manager"))
        }
        #expect(try await gw.showSubject(id, principal: officer).status == "restricted")
        #expect(try await gw.consentState(id, purpose: "customer_relationship").usable == false)
    }

    @Test("Objection withdraws every marketing consent at once")
    func objection() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.anna)
        let gw = test.gateway
        let officer = TestGateway.officer
        for purpose in ["marketing_sms", "telephony"] {
            _ = try await gw.giveConsent(id, purpose: purpose, capture: ConsentCapture(channel: "web_form", source: "f"),
                                         principal: officer)
        }
        let request = try await gw.createRequest(kind: .objection, lookup: .email("anna.smirnova@example.com"),
                                                 jurisdiction: "RU", channel: "phone", principal: officer)
        _ = try await gw.verifyRequest(request.reference, method: "callback", principal: officer)
        let result = try await gw.runRequest(request.reference, principal: officer)
        #expect(result.request.outcome?.contains("3 marketing consents withdrawn") == true)
        for purpose in ["marketing_email", "marketing_sms", "telephony"] {
            #expect(try await gw.consentState(id, purpose: purpose).active == false)
        }
    }
}
