import Core
import Foundation
import PDGateTesting
import Gateway
import Keyring
import Testing
import Vault

/// The erasure of a customer under the accounting hold, through the one erasure path: re-keyed, connectors told,
/// one act naming its performer, recoverable after a crash or a restore.
@Suite("Partial erasure under a legal hold (re-keying), acts and reads during erasure")
struct PartialErasureTests {
    /// A customer with a purchase (held: name, company, INN, purchase date and amount), consent given, with notes.
    static let customer = "Попова Вера;+79160000031;vera.popova@example.com;сайт;10.01.2020;15.03.2026;"
        + "12000,00;активный;;ООО Вера;7707083893;;да;Игорь;звонить вечером"
    static let erasedFields = ["email", "phone", "notes"]
    static let officer = TestGateway.officer

    /// Opens every sealed field of `id` in a vault file with a key store file; returns the names of those that open.
    static func fieldsThatOpen(_ id: SubjectID, vaultFile: URL, keysFile: URL, masterKey: URL) async throws -> [String] {
        let vault = try Vault(url: vaultFile)
        let keyring = try Keyring(masterKeyURL: masterKey, keyStoreURL: keysFile)
        defer { try? keyring.close() }
        guard let stored = try await vault.read({ tx in try tx.subject(id) }),
            let key = try? await keyring.subjectKey(for: id)
        else { return [] }
        return stored.record.fields.filter { (try? key.open($0.box, field: $0.name)) != nil }.map(\.name)
    }

    @Test("A vault backup from before a partial erasure, opened with the key store from after it, opens no field")
    func oldVaultWithNewKeysOpensNothingErased() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.customer)
        let gw = test.gateway
        let scratch = test.directory.root.deletingLastPathComponent().appendingPathComponent("pe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let vaultBefore = scratch.appendingPathComponent("vault-before.sqlite")
        let keysBefore = scratch.appendingPathComponent("keys-before.sqlite")
        try gw.vault.backup(to: vaultBefore)
        try gw.keyring.backup(to: keysBefore)
        // The backup pair opens everything (the test would prove nothing otherwise).
        let opened = try await Self.fieldsThatOpen(id, vaultFile: vaultBefore, keysFile: keysBefore,
                                                   masterKey: test.directory.masterKey)
        #expect(Set(Self.erasedFields).isSubset(of: Set(opened)))

        let result = try await gw.erase(id, reason: "request", principal: Self.officer)
        #expect(result.shredded == false && result.heldFields.contains("inn"))
        let keysAfter = scratch.appendingPathComponent("keys-after.sqlite")
        try gw.keyring.backup(to: keysAfter)

        // The old vault with today's key store: nothing opens, neither erased nor held fields (the key is new).
        #expect(try await Self.fieldsThatOpen(id, vaultFile: vaultBefore, keysFile: keysAfter,
                                              masterKey: test.directory.masterKey) == [])
        // So does the live key store itself.
        #expect(try await Self.fieldsThatOpen(id, vaultFile: vaultBefore, keysFile: test.directory.keyStore,
                                              masterKey: test.directory.masterKey) == [])
        // Today's vault with today's keys: the held fields open, the erased ones are gone.
        let live = try await Self.fieldsThatOpen(id, vaultFile: test.directory.vault, keysFile: keysAfter,
                                                 masterKey: test.directory.masterKey)
        #expect(Set(live) == Set(result.heldFields))
        #expect(try await gw.keyring.subjectKey(for: id).version == 2)
        // The erasure is in erasures.log with what it erased.
        let ledger = try String(contentsOf: test.directory.root.appendingPathComponent("erasures.log"), encoding: .utf8)
        let line = try #require(ledger.split(separator: "\n").first { $0.hasPrefix(id.rawValue) })
        #expect(line.contains(" partial 2 ") && line.contains("email") && line.contains("phone") && line.contains("notes"))
        #expect(!line.contains("vera") && !line.contains("9160000031"))
        #expect(try await gw.verifyAudit(principal: Self.officer).isValid)
    }

    @Test("The held-customer erasure tells every connector, in its own transaction")
    func heldErasureWritesOutboxEvents() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.customer)
        let gw = try Gateway(directory: test.directory, policies: test.gateway.policies, notices: test.gateway.notices,
                             connectors: [ConnectorRoute(name: "unisender", purposes: ["marketing_email"]),
                                          ConnectorRoute(name: "onec", purposes: ["accounting"])])
        let result = try await gw.erase(id, reason: "request", principal: Self.officer)
        #expect(result.shredded == false)
        for connector in ["unisender", "onec"] {
            let rows = try await gw.vault.write { tx in
                try tx.claimOutbox(connector: connector, limit: 100, owner: "test", now: Date().timeIntervalSince1970 + 60,
                                   leaseUntil: Date().timeIntervalSince1970 + 120)
            }
            #expect(rows.contains { $0.operation == "erase" && $0.subject == id.rawValue }, "\(connector)")
        }
    }

    @Test("Erasing the same person twice writes one act; the act names the principal who ran it, by relative path")
    func oneActPerErasure() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let held = try await test.person(Self.customer)
        let lead = try await test.person("Козлов Олег;+79160000021;oleg.kozlov@example.com;сайт;10.01.2024;;;лид;;;;;нет;;")
        let gw = test.gateway
        let anna = Principal(name: "cli:anna", role: "privacy_officer")
        let first = try await gw.erase(held, reason: "request", principal: anna)
        let second = try await gw.erase(held, reason: "request again", principal: anna)
        #expect(first.act != nil && second.act == first.act)
        _ = try await gw.erase(lead, reason: "request", principal: anna)
        await #expect(throws: GatewayError.self) { _ = try await gw.erase(lead, reason: "again", principal: anna) }
        for id in [held, lead] {
            let acts = try await gw.vault.read { tx in try tx.acts(subject: id.rawValue) }
            #expect(acts.count == 1, "\(id)")
            #expect(acts.allSatisfy { $0.file.hasPrefix("acts/ACT-") }, "relative to the data directory")
        }
        let json = try Data(contentsOf: try #require(first.actFile.map { URL(fileURLWithPath: $0 + ".json") }))
        let act = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(act["performedBy"] as? String == "cli:anna")
    }

    @Test("Reading a person whose key is gone (an erasure under way) is not found, never a crypto failure")
    func readDuringErasureIsNotFound() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.customer)
        // The moment between an erasure destroying the key and deleting the row.
        try await test.gateway.keyring.destroySubjectKeys([id])
        do {
            _ = try await test.gateway.showSubject(id, principal: Self.officer)
            Issue.record("read succeeded")
        } catch let error as GatewayError {
            #expect(error.code == .notFound)
        }
    }

    @Test("After a partial erasure no consent shows as active")
    func noActiveConsentAfterErasure() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.customer)
        let before = try await test.gateway.showSubject(id, principal: Self.officer)
        #expect(before.consents.contains { $0.active }, "the row's consent column gives consent")
        _ = try await test.gateway.erase(id, reason: "request", principal: Self.officer)
        let after = try await test.gateway.showSubject(id, principal: Self.officer)
        #expect(!after.consents.isEmpty && after.consents.allSatisfy { !$0.active })
    }

    /// The customer imported, backed up into `folder`, then erased.
    static func erasedAfterBackup(_ test: TestGateway, into folder: URL) async throws
        -> (SubjectID, BackupReport, ErasureResult)
    {
        let id = try await test.person(customer)
        let old = try await test.gateway.backup(to: folder, principal: officer)
        let result = try await test.gateway.erase(id, reason: "request", principal: officer)
        return (id, old, result)
    }

    /// A backup folder beside the test's data directory.
    static func backupFolder(_ test: TestGateway) -> URL {
        test.directory.root.deletingLastPathComponent().appendingPathComponent("bk-\(UUID().uuidString)")
    }

    @Test("A restore from before a partial erasure is flagged by check and re-applied at start")
    func restoreIsReapplied() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let folder = Self.backupFolder(test)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (id, old, result) = try await Self.erasedAfterBackup(test, into: folder)
        #expect(try await test.gateway.checkConsistency(principal: Self.officer).consistent)
        for (backup, live) in [(old.vaultFile, "vault.sqlite"), (old.keysFile, "keys.sqlite")] {
            let target = test.directory.root.appendingPathComponent(live)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target.path + suffix) }
            try FileManager.default.copyItem(atPath: backup, toPath: target.path)
        }
        let restored = try test.at(Date())
        let check = try await restored.checkConsistency(principal: Self.officer)
        #expect(check.undonePartialErasures == [id.rawValue] && !check.consistent)
        try await restored.recover()
        let view = try await restored.showSubject(id, principal: Self.officer)
        #expect(Set(view.fields.map(\.name)) == Set(result.heldFields))
        #expect(view.status == "restricted")
        #expect(try await restored.keyring.subjectKey(for: id).version == 2)
        let again = try await restored.checkConsistency(principal: Self.officer)
        #expect(again.consistent, "\(again.problems)")
    }

    @Test("A key store restored alone from before a partial erasure loses its old key again at start")
    func keyStoreRestoredAloneIsRepaired() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let folder = Self.backupFolder(test)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (id, old, _) = try await Self.erasedAfterBackup(test, into: folder)
        try test.gateway.keyring.close()
        let target = test.directory.keyStore
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target.path + suffix) }
        try FileManager.default.copyItem(atPath: old.keysFile, toPath: target.path)
        // Before start-up: the resurrected key opens the erased fields of the vault backup from before.
        let before = try await Self.fieldsThatOpen(id, vaultFile: URL(fileURLWithPath: old.vaultFile),
                                                   keysFile: target, masterKey: test.directory.masterKey)
        #expect(Set(Self.erasedFields).isSubset(of: Set(before)))

        let restarted = try test.at(Date())
        try await restarted.recover()
        try restarted.keyring.close()
        #expect(try await Self.fieldsThatOpen(id, vaultFile: URL(fileURLWithPath: old.vaultFile), keysFile: target,
                                              masterKey: test.directory.masterKey) == [])
        let reopened = try test.at(Date())
        let check = try await reopened.checkConsistency(principal: Self.officer)
        #expect(check.unreadableSubjects.contains(id.rawValue), "the held fields wait for the right key store")
    }

    @Test("An erasure killed after its key was destroyed gets its act when start-up finishes it")
    func interruptedErasureGetsAnAct() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person("Козлов Олег;+79160000021;oleg.kozlov@example.com;сайт;10.01.2024;;;лид;;;;;нет;;")
        try await test.gateway.vault.write { tx in try tx.recordErasureIntent([id], now: 1) }
        try await test.gateway.keyring.destroySubjectKeys([id])
        let restarted = try test.at(Date())
        try await restarted.recover()
        #expect(try await restarted.vault.read { tx in try tx.acts(subject: id.rawValue) }.count == 1)
        try await restarted.recover()
        #expect(try await restarted.vault.read { tx in try tx.acts(subject: id.rawValue) }.count == 1)
    }

    @Test("An erasure killed between its last commit and its act gets the act at the next start, once")
    func actWrittenAfterKillBeforeAct() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.customer)
        let erased = try await test.gateway.erase(id, reason: "request", principal: Self.officer)
        // As if the process died before the act: its row was never recorded.
        let number = try #require(erased.act)
        try await test.gateway.vault.write { tx in try tx.deleteAct(number: number) }
        let restarted = try test.at(Date())
        try await restarted.recover()
        try await restarted.recover()
        let acts = try await restarted.vault.read { tx in try tx.acts(subject: id.rawValue) }
        #expect(acts.count == 1 && acts.first?.number != number)
    }

    @Test("A crash between staging the new key and re-sealing is finished at start from the erasure ledger")
    func crashMidRekeyResumes() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.customer)
        // The erasure wrote its ledger line and staged the key, then the process died.
        let ledger = test.directory.root.appendingPathComponent("erasures.log")
        try Data("\(id.rawValue) 1 partial 2 \(Self.erasedFields.joined(separator: ","))\n".utf8).write(to: ledger)
        _ = try await test.gateway.keyring.stageSubjectKeys(for: [id])
        let restarted = try test.at(Date())
        try await restarted.recover()
        #expect(try await restarted.keyring.stagedSubjectKeys().isEmpty)
        let view = try await restarted.showSubject(id, principal: Self.officer)
        #expect(!view.fields.contains { Self.erasedFields.contains($0.name) })
        #expect(view.fields.contains { $0.name == "inn" })
        #expect(try await restarted.keyring.subjectKey(for: id).version == 2)
        #expect(try await restarted.checkConsistency(principal: Self.officer).consistent)
    }
}
