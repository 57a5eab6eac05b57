import Core
import Foundation
import PDGateTesting
import Gateway
import Keyring
import Testing

/// The destruction act as Roskomnadzor Order 179 asks for it: whose data (the name, kept in the act), why (in
/// Russian in the Russian act), who performed and who approved, and an integrity proof (a detached Ed25519
/// signature by the gateway's audit key).
@Suite("Destruction act content: the person named, Russian reasons, approver, detached signature")
struct DestructionActContentTests {
    static func erased(_ test: TestGateway, reason: String) async throws -> URL {
        let id = try await test.person(RequestTests.anna)
        let result = try await test.gateway.erase(id, reason: reason, principal: TestGateway.officer)
        return URL(fileURLWithPath: try #require(result.actFile))
    }

    @Test("The Russian act names the erased person, gives the reason in Russian and names the approver")
    func whoWhyAndApprover() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let base = try await Self.erased(test, reason: "request REQ-2026-000042 (erasure)")
        let html = try String(contentsOf: base.appendingPathExtension("html"), encoding: .utf8)
        // The vault's copy is gone; the act keeps the name for its own 3 years.
        #expect(html.contains("Смирнова Анна Ивановна"))
        #expect(!html.contains("anna.smirnova@example.com") && !html.contains("79160000011"))
        #expect(html.contains("требование субъекта персональных данных об уничтожении"))
        #expect(html.contains("REQ-2026-000042"))
        #expect(!html.contains("(erasure)"), "an English reason in the Russian act")
        #expect(html.contains("Электронная почта"), "fields are named by their Russian labels in the Russian act")
        // The performer's account and the approver: the responsible person of operator.yaml, name and position.
        #expect(html.contains("test:officer"))
        #expect(html.contains("Иванова Анна Сергеевна") && html.contains("руководитель службы клиентского сервиса"))
        let json = try String(contentsOf: base.appendingPathExtension("json"), encoding: .utf8)
        #expect(json.contains("Смирнова Анна Ивановна") && json.contains("approvedBy"))
    }

    @Test("A command-line performer with an operator account is named with their full name and position")
    func performerFromAccount() async throws {
        let test = try await ExportTests.gateway(roles: [(
            "    name: \"Иванова Анна Сергеевна\"\n    position: \"руководитель службы клиентского сервиса\"",
            "    name: \"Петров Пётр Петрович\"\n    position: \"специалист по защите персональных данных\"")])
        defer { test.cleanup() }
        let id = try await test.person(RequestTests.anna)
        let result = try await test.gateway.erase(id, reason: "request REQ-2026-000042 (erasure)",
                                                  principal: Principal(name: "cli:root", role: "privacy_officer"))
        let base = URL(fileURLWithPath: try #require(result.actFile))
        let html = try String(contentsOf: base.appendingPathExtension("html"), encoding: .utf8)
        #expect(html.contains("Петров Пётр Петрович") && html.contains("специалист по защите персональных данных"))
        #expect(html.contains("cli:root"))
    }

    @Test("After its 3 years the act goes with its signature file; before, it stays")
    func actExpiresWithSignature() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let base = try await Self.erased(test, reason: "request REQ-2026-000042 (erasure)")
        let files = ["json", "html", "md", "sig"].map { base.appendingPathExtension($0) }
        let twoYears = try await test.at(Date().addingTimeInterval(2 * 365 * 86_400))
            .purge(dryRun: false, principal: TestGateway.officer)
        #expect(twoYears.actsExpired == 0 && files.allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
        let later = try await test.at(Date().addingTimeInterval(3 * 366 * 86_400 + 86_400))
            .purge(dryRun: false, principal: TestGateway.officer)
        #expect(later.actsExpired == 1)
        #expect(files.allSatisfy { !FileManager.default.fileExists(atPath: $0.path) })
    }

    @Test("Retention and withdrawal reasons read in Russian", arguments: [
        ("retention rule(s) leads expired", "истечение срока хранения (правила хранения: leads"),
        ("consent withdrawn: the purpose's own data destroyed (152-FZ art. 21 p. 5)", "отзыв субъектом согласия"),
    ])
    func russianReasons(reason: String, russian: String) async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let base = try await Self.erased(test, reason: reason)
        let html = try String(contentsOf: base.appendingPathExtension("html"), encoding: .utf8)
        #expect(html.contains(russian))
        #expect(!html.contains("expired") && !html.contains("withdrawn"))
    }

    @Test("A detached Ed25519 signature by the audit key proves each file of the act; a changed file fails")
    func detachedSignature() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let base = try await Self.erased(test, reason: "request REQ-2026-000042 (erasure)")
        let signature = try String(contentsOf: base.appendingPathExtension("sig"), encoding: .utf8)
        let key = Data(test.gateway.keyring.signer.publicKey).base64EncodedString()
        #expect(signature.contains("Ed25519") && signature.contains("public_key: \(key)"))
        for ext in ["json", "html", "md"] {
            #expect(signature.contains(base.appendingPathExtension(ext).lastPathComponent + ": "))
        }
        #expect(try test.gateway.verifyActSignature(at: base).isEmpty)
        let html = base.appendingPathExtension("html")
        var text = try String(contentsOf: html, encoding: .utf8)
        text = text.replacingOccurrences(of: "Смирнова", with: "Петрова")
        try text.write(to: html, atomically: true, encoding: .utf8)
        #expect(try test.gateway.verifyActSignature(at: base) == [html.lastPathComponent])
        // By number, as `pdgate audit verify-act` asks: audited, for roles that may read acts.
        let number = base.lastPathComponent
        #expect(try await test.gateway.verifyAct(number, principal: TestGateway.officer) == [html.lastPathComponent])
        await #expect { try await test.gateway.verifyAct(number, principal: Principal(name: "m", role: "manager")) }
            throws: { ($0 as? GatewayError)?.code == .refused }
    }
}
