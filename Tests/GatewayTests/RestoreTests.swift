import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Logging
import Policy
import Testing
import Vault

/// `pdgate restore`: a backup from before erasures, restored after them, brings back nothing they destroyed, and
/// nothing an old spreadsheet could bring back either; withdrawals made after the backup are recorded again.
@Suite("Restore re-applies erasures, suppressions and withdrawals", .serialized, .timeLimit(.minutes(4)))
struct RestoreTests {
    /// The issue's acceptance figure: 100 customers with purchases erased after the backup.
    static let customers = 100

    static func spreadsheet(_ test: TestGateway) throws -> URL {
        var lines = [ImportBehaviourTests.header]
        for n in 0..<customers {
            let phone = "+7 916 300-\(String(format: "%02d", n / 100))-\(String(format: "%02d", n % 100))"
            lines.append("Восстанов\(n) Пётр;\(phone);restore\(n)@example.com;магазин;10.01.2025;"
                + "15.03.2026;2500;покупатель;01.02.1980;;;vip;да;;заметка")
        }
        lines.append("Отзывова Ольга;+7 916 399-00-01;olga.withdraws@example.com;сайт;10.01.2025;;;лид;;;;;да;;")
        return try test.csv(lines.joined(separator: "\n") + "\n")
    }

    static func copy(_ file: URL) throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-restore-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: file, to: copy)
        return copy
    }

    @Test("Customers erased under the accounting hold after a backup stay erased when it is restored")
    func restoreAfterHeldErasures() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let file = try Self.spreadsheet(test)
        _ = try test.importFile(file)
        let backups = test.directory.root.deletingLastPathComponent().appendingPathComponent("bk-\(UUID().uuidString)")
        let before = try await test.gateway.backup(to: backups, principal: TestGateway.officer)
        var erased: [SubjectID] = []
        for n in 0..<Self.customers {
            let id = try #require(try await test.gateway.findSubjects(.email("restore\(n)@example.com"),
                                                                      principal: TestGateway.officer).first)
            let result = try await test.gateway.erase(id, reason: "request", principal: TestGateway.officer)
            #expect(!result.shredded && result.heldFields.contains("full_name"))
            erased.append(id)
        }
        let olga = try #require(try await test.gateway.findSubjects(.email("olga.withdraws@example.com"),
                                                                    principal: TestGateway.officer).first)
        _ = try await test.gateway.withdrawConsent(olga, purpose: "marketing_email", channel: "email_link",
                                                   principal: TestGateway.officer)

        let report = try await Gateway.restore(
            vault: URL(fileURLWithPath: before.vaultFile), keys: URL(fileURLWithPath: before.keysFile),
            into: test.directory, policies: test.gateway.policies, notices: test.gateway.notices,
            principal: TestGateway.officer)
        #expect(report.erasuresReapplied == Self.customers)
        #expect(report.suppressionsReapplied >= Self.customers)
        #expect(report.withdrawalsReapplied == 1)
        #expect(report.consistent)

        let restored = try Gateway(directory: test.directory, policies: test.gateway.policies,
                                   notices: test.gateway.notices, logger: test.logs.makeLogger())
        // Through pdgate: held fields only, the rest gone.
        for id in erased {
            let fields = try await restored.vault.read { tx in try tx.subject(id)?.record.fields.map(\.name) ?? [] }
            #expect(!fields.contains("email") && !fields.contains("phone") && !fields.contains("notes"),
                    "\(id) has \(fields)")
        }
        // By the files: the pre-erasure vault backup opened with the key store after the restore opens nothing erased.
        let oldVault = try Vault(url: try Self.copy(URL(fileURLWithPath: before.vaultFile)))
        for id in erased {
            let stored = try #require(try await oldVault.read { tx in try tx.subject(id) })
            let key = try? await restored.keyring.subjectKey(for: id)
            for field in ["email", "phone", "notes", "birth_date"] {
                guard let sealed = stored.record[field], let key else { continue }
                #expect((try? key.open(sealed.box, field: field)) == nil, "\(field) of \(id) opens")
            }
        }
        try? oldVault.close()
        // The withdrawal made after the backup stands; the old spreadsheet brings nobody back.
        #expect(try await restored.consentState(olga, purpose: "marketing_email").active == false)
        _ = try restored.importCSV(file, principal: TestGateway.officer)
        for n in 0..<Self.customers {
            #expect(try await restored.findSubjects(.email("restore\(n)@example.com"), principal: TestGateway.officer)
                .isEmpty)
        }
        #expect(try await restored.consentState(olga, purpose: "marketing_email").active == false)
    }

    @Test("A consent given, withdrawn and given again within one second, then backed up, stays given after a restore")
    func sameSecondChoicesSurviveRestore() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let moment = Date()
        let gateway = try test.at(moment)
        let id = try await test.person("Секундова Анна;+79160000077;anna.second@example.com;сайт;10.01.2025;;;лид;;;;;;;")
        let capture = ConsentCapture(channel: "web_form", source: "form:test")
        _ = try await gateway.giveConsent(id, purpose: "marketing_email", capture: capture, principal: TestGateway.officer)
        _ = try await gateway.withdrawConsent(id, purpose: "marketing_email", channel: "email_link",
                                              principal: TestGateway.officer)
        _ = try await gateway.giveConsent(id, purpose: "marketing_email", capture: capture, principal: TestGateway.officer)
        let folder = test.directory.root.deletingLastPathComponent().appendingPathComponent("bk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let backup = try await gateway.backup(to: folder, principal: TestGateway.officer)
        let report = try await Gateway.restore(
            vault: URL(fileURLWithPath: backup.vaultFile), keys: URL(fileURLWithPath: backup.keysFile),
            into: test.directory, policies: gateway.policies, notices: gateway.notices, principal: TestGateway.officer,
            clock: { moment.addingTimeInterval(5) })
        #expect(report.withdrawalsReapplied == 0, "the backup already holds that withdrawal, before the new consent")
        let restored = try test.at(moment.addingTimeInterval(5))
        #expect(try await restored.consentState(id, purpose: "marketing_email").active)
    }

    @Test("A proven consent given after the backup is recorded again by the restore, with its evidence")
    func laterConsentSurvivesRestore() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person("Позднова Анна;+79160000078;anna.later@example.com;сайт;10.01.2025;;;лид;;;;;;;")
        let folder = test.directory.root.deletingLastPathComponent().appendingPathComponent("bk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let backup = try await test.gateway.backup(to: folder, principal: TestGateway.officer)
        _ = try await test.gateway.giveConsent(id, purpose: "marketing_email",
                                               capture: ConsentCapture(channel: "web_form", source: "form:test"),
                                               principal: TestGateway.officer)
        _ = try await Gateway.restore(
            vault: URL(fileURLWithPath: backup.vaultFile), keys: URL(fileURLWithPath: backup.keysFile),
            into: test.directory, policies: test.gateway.policies, notices: test.gateway.notices,
            principal: TestGateway.officer)
        let restored = try test.at(Date())
        let state = try await restored.consentState(id, purpose: "marketing_email")
        #expect(state.active && state.proven, "the proof of consent given after the backup is not lost")
    }

    @Test("With the data directory lost, the backup folder and the master key still replay every erasure")
    func lostDataDirectory() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try test.importFile(try Self.spreadsheet(test))
        let backups = test.directory.root.deletingLastPathComponent().appendingPathComponent("bk-\(UUID().uuidString)")
        let before = try await test.gateway.backup(to: backups, principal: TestGateway.officer)
        var erased: [SubjectID] = []
        for n in 0..<3 {
            let id = try #require(try await test.gateway.findSubjects(.email("restore\(n)@example.com"),
                                                                      principal: TestGateway.officer).first)
            _ = try await test.gateway.erase(id, reason: "request", principal: TestGateway.officer)
            erased.append(id)
        }
        // A new data directory holding only the master key, kept apart.
        let fresh = DataDirectory(root: test.directory.root.deletingLastPathComponent()
            .appendingPathComponent("fresh-\(UUID().uuidString)"))
        try FileManager.default.createDirectory(at: fresh.root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: test.directory.masterKey, to: fresh.masterKey)
        let report = try await Gateway.restore(
            vault: URL(fileURLWithPath: before.vaultFile), keys: URL(fileURLWithPath: before.keysFile), into: fresh,
            policies: test.gateway.policies, notices: test.gateway.notices,
            logDirectories: [backups.appendingPathComponent("keys")], principal: TestGateway.officer)
        #expect(report.erasuresReapplied == 3 && report.consistent)
        let restored = try Gateway(directory: fresh, policies: test.gateway.policies, notices: test.gateway.notices,
                                   logger: test.logs.makeLogger())
        for id in erased {
            let fields = try await restored.vault.read { tx in try tx.subject(id)?.record.fields.map(\.name) ?? [] }
            #expect(!fields.contains("email"), "\(id) came back whole from the backup")
        }
        try? FileManager.default.removeItem(at: fresh.root)
    }
}
