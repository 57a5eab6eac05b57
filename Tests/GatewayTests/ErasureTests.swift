import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Testing
import Vault

@Suite("Erasure, retention purge and backups")
struct ErasureTests {
    static let lead = "Козлов Олег;+79160000021;oleg.kozlov@example.com;сайт;10.01.2024;;;лид;;;;;нет;Игорь;"
    static let customer = "Попова Вера;+79160000031;vera.popova@example.com;сайт;10.01.2020;15.03.2026;"
        + "12000,00;активный;;ООО Вера;7707083893;;нет;Игорь;"

    static func rawBytes(_ test: TestGateway) -> [UInt8] {
        ["vault.sqlite", "vault.sqlite-wal", "keys.sqlite", "keys.sqlite-wal", "erasures.log"].flatMap {
            (try? Data(contentsOf: test.directory.root.appendingPathComponent($0))).map(Array.init) ?? []
        }
    }

    @Test("An erasure request crypto-shreds the person: no key, no row, no index, nothing in the raw files")
    func erasureRequest() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.lead)
        let gw = test.gateway
        let officer = TestGateway.officer
        let request = try await gw.createRequest(kind: .erasure, lookup: .email("oleg.kozlov@example.com"),
                                                 jurisdiction: "RU", channel: "email", principal: officer)
        _ = try await gw.verifyRequest(request.reference, method: "email_code", principal: officer)
        let result = try await gw.runRequest(request.reference, principal: officer)
        #expect(result.erasure?.shredded == true)
        #expect(try await !gw.keyring.hasKey(for: id))
        #expect(try await gw.vault.read { tx in try tx.subjectExists(id) } == false)
        #expect(try await gw.findSubjects(.email("oleg.kozlov@example.com"), principal: officer).isEmpty)
        #expect(try await gw.findSubjects(.phone("+79160000021"), principal: officer).isEmpty)
        // The act is written, private, and names the subject by pseudonym and by full name (Order 179: the act
        // keeps it for its own 3 years), never by e-mail or phone.
        let act = try #require(result.erasure?.actFile)
        let html = try String(contentsOfFile: act + ".html", encoding: .utf8)
        #expect(html.contains(id.rawValue) && html.contains("Козлов") && !html.contains("oleg.kozlov"))
        #expect(!html.contains("9160000021"))
        let mode = try FileManager.default.attributesOfItem(atPath: act + ".html")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        // Grep the raw files: secure_delete and the checkpoint leave no copy of the name, e-mail or phone.
        let raw = Self.rawBytes(test)
        for needle in ["oleg.kozlov@example.com", "9160000021"] {
            #expect(!raw.containsSubsequence(Array(needle.utf8)), "\(needle) found after erasure")
        }
        #expect(try await gw.verifyAudit(principal: officer).isValid)
    }

    @Test("Accounting fields stay blocked under the legal hold and are destroyed when it ends")
    func legalHold() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.customer)
        let officer = TestGateway.officer
        let result = try await test.gateway.erase(id, reason: "request", principal: officer)
        #expect(result.shredded == false)
        #expect(Set(result.heldFields) == ["full_name", "company", "inn", "last_purchase_date", "last_purchase_amount"])
        let view = try await test.gateway.showSubject(id, principal: officer)
        #expect(view.status == "restricted")
        #expect(Set(view.fields.map(\.name)) == Set(result.heldFields))
        #expect(try await test.gateway.findSubjects(.email("vera.popova@example.com"), principal: officer).isEmpty)
        // Before the hold ends the purge leaves the person; after it, the purge shreds them.
        let early = try await test.gateway.purge(dryRun: true, asOf: moscow("2030-06-01 00:00"), principal: officer)
        #expect(!early.items.contains { $0.subject == id.rawValue })
        let late = try test.at(moscow("2032-01-02 00:00"))
        let purge = try await late.purge(dryRun: false, principal: officer)
        #expect(purge.items.first { $0.subject == id.rawValue }?.action == "erased")
        #expect(try await !late.keyring.hasKey(for: id))
    }

    @Test("Purge: a dry run lists expired leads without touching them; the run erases them; a re-run does nothing")
    func purge() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let lead = try await test.person(Self.lead)
        let fresh = try await test.person("Новая Нина;;nina@example.com;сайт;01.11.2026;;;лид;;;;;нет;;")
        let officer = TestGateway.officer
        let gw = try test.at(moscow("2026-11-23 03:00"))
        let preview = try await gw.purge(dryRun: true, principal: officer)
        #expect(preview.items.map(\.subject) == [lead.rawValue])
        #expect(preview.items.first?.rule == "lead_no_purchase")
        #expect(try await gw.vault.read { tx in try tx.subjectCount() } == 2)
        let run = try await gw.purge(dryRun: false, principal: officer)
        #expect(run.erased == 1)
        #expect(try await gw.vault.read { tx in try tx.allSubjectIDs() } == [fresh])
        let again = try await gw.purge(dryRun: false, principal: officer)
        #expect(again.items.isEmpty)
        await #expect(throws: GatewayError.self) {
            _ = try await gw.purge(dryRun: true, principal: Principal(name: "m", role: "manager"))
        }
    }

    @Test("A purge over many pages and batches erases each due person once, reduces held ones, keeps the rest")
    func purgeAcrossBatches() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        // Interleaved so that every page of 7 holds some of each: leads past retention, fresh leads, and customers
        // whose contract data has ended while the accounting hold has not.
        var rows: [String] = []
        var due: Set<String> = [], fresh: Set<String> = [], held: Set<String> = []
        for n in 0..<24 {
            let lead = "lead\(n)@example.com", new = "new\(n)@example.com", buyer = "buyer\(n)@example.com"
            rows.append("Лид Номер\(n);;\(lead);сайт;10.01.2024;;;лид;;;;;нет;;")
            due.insert(lead)
            if n % 2 == 0 {
                rows.append("Новый Номер\(n);;\(new);сайт;01.11.2026;;;лид;;;;;нет;;")
                fresh.insert(new)
            }
            if n % 3 == 0 {
                rows.append("Покупатель Номер\(n);;\(buyer);сайт;10.01.2020;15.03.2022;1000,00;активный;;;7707083893;;нет;;")
                held.insert(buyer)
            }
        }
        let header = "ФИО;Телефон;Email;Источник;Дата первого контакта;Дата последней покупки;"
            + "Сумма последней покупки;Статус;День рождения;Компания;ИНН;Теги;Согласие на рассылку;Менеджер;Заметки"
        #expect(try test.importFile(try test.csv(([header] + rows).joined(separator: "\n") + "\n")).imported == rows.count)
        let officer = TestGateway.officer
        let gw = try test.at(moscow("2026-11-23 03:00"))
        let preview = try await gw.purge(dryRun: true, principal: officer, pageSize: 7, batchSize: 5)
        #expect(preview.examined == rows.count)
        #expect(preview.items.filter { $0.action == "erase" }.count == due.count)
        #expect(preview.items.filter { $0.action == "erase_except_held" }.count == held.count)

        let run = try await gw.purge(dryRun: false, principal: officer, pageSize: 7, batchSize: 5)
        #expect(run.erased == due.count && run.partiallyErased == held.count && run.failed == 0)
        #expect(Set(run.items.map(\.subject)).count == due.count + held.count, "each person once")
        #expect(Set(run.items.map(\.subject)) == Set(preview.items.map(\.subject)))
        for email in due {
            #expect(try await gw.findSubjects(.email(email), principal: officer).isEmpty)
        }
        for email in fresh {
            #expect(try await gw.findSubjects(.email(email), principal: officer).count == 1)
        }
        // Held customers lose their contact data (so the index no longer finds them) but stay, restricted.
        let remaining = try await gw.vault.read { tx in try tx.allSubjectIDs() }
        #expect(remaining.count == fresh.count + held.count)
        var restricted = 0
        for id in remaining where try await gw.showSubject(id, principal: officer).status == "restricted" {
            restricted += 1
        }
        #expect(restricted == held.count)
        #expect(try await gw.verifyAudit(principal: officer).isValid)
        #expect(try await gw.vault.read { tx in try tx.pendingErasures() }.isEmpty)
        let again = try await gw.purge(dryRun: false, principal: officer, pageSize: 7, batchSize: 5)
        #expect(again.items.isEmpty)
    }

    @Test("Purge erases what is past retention but keeps fields under an accounting hold, blocked")
    func purgeKeepsHeldFields() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.customer)
        let officer = TestGateway.officer
        // Contract data ends 3 years after the last purchase (2029-03-15); the accounting hold runs to 2031.
        let gw = try test.at(moscow("2030-06-01 03:00"))
        let run = try await gw.purge(dryRun: false, principal: officer)
        #expect(run.partiallyErased == 1 && run.erased == 0)
        #expect(run.items.first { $0.subject == id.rawValue } != nil)
        let view = try await gw.showSubject(id, principal: officer)
        #expect(view.status == "restricted")
        #expect(!view.fields.contains { $0.name == "email" || $0.name == "phone" })
        #expect(view.fields.contains { $0.name == "inn" })
        #expect(try await gw.keyring.hasKey(for: id))
    }

    @Test("Destruction acts are kept 3 years, then the purge removes them (files and index), audited")
    func actsExpireAfterThreeYears() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.lead)
        let officer = TestGateway.officer
        let erasedAt = try test.at(moscow("2026-11-23 10:00"))
        _ = try await erasedAt.erase(id, reason: "request", principal: officer)
        let acts = test.directory.root.appendingPathComponent("acts")
        let written = try FileManager.default.contentsOfDirectory(atPath: acts.path)
        #expect(written.contains { $0.hasSuffix(".html") } && written.contains { $0.hasSuffix(".json") })

        let stillKept = try test.at(moscow("2029-11-22 10:00"))
        #expect(try await stillKept.purge(dryRun: false, principal: officer).actsExpired == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: acts.path).count == written.count)

        let expired = try test.at(moscow("2029-11-24 10:00"))
        #expect(try await expired.purge(dryRun: true, principal: officer).actsExpired == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: acts.path).count == written.count)
        #expect(try await expired.purge(dryRun: false, principal: officer).actsExpired == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: acts.path).isEmpty)
        #expect(try await expired.purge(dryRun: false, principal: officer).actsExpired == 0)
        let trail = try await expired.vault.read { tx in try tx.acts(createdBefore: Int64.max) }
        #expect(trail.isEmpty)
        #expect(try await expired.verifyAudit(principal: officer).isValid)
    }

    @Test("Act numbers are never given twice: not to erasures at the same time, not after old acts expire")
    func actNumbersAreUnique() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let officer = TestGateway.officer
        var people: [SubjectID] = []
        for n in 0..<7 {
            people.append(try await test.person("Человек Номер\(n);;person\(n)@example.com;сайт;10.01.2024;;;лид;;;;;нет;;"))
        }
        // A customer with a recent purchase, whom no retention rule reaches by 2029.
        let kept = try await test.person("Покупатель Давний;;kept@example.com;сайт;10.01.2024;01.11.2026;100,00;активный;;;;;нет;;")
        let first = try test.at(moscow("2026-11-23 10:00"))
        _ = try await first.erase(people[0], reason: "request", principal: officer)
        // Five erasures at once each write their own act.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in people[1..<6] {
                group.addTask { _ = try await first.erase(id, reason: "request", principal: officer) }
            }
            try await group.waitForAll()
        }
        let numbers = try await first.vault.read { tx in try tx.acts(createdBefore: Int64.max) }.map(\.number)
        #expect(numbers.count == 6 && Set(numbers).count == 6)
        // Three years on the acts expire, and the same run erases the last lead (past retention): its act still
        // gets a number never used before.
        let later = try test.at(moscow("2029-12-01 10:00"))
        let run = try await later.purge(dryRun: false, principal: officer)
        #expect(run.actsExpired == 6 && run.erased == 1)
        let seventh = try #require(try await later.vault.read { tx in try tx.acts(createdBefore: Int64.max) }.first)
        #expect(!numbers.contains(seventh.number) && seventh.number.hasSuffix("-000007"))
        // With every earlier act gone, the next act is still numbered after all of them.
        _ = try await later.erase(kept, reason: "request", principal: officer)
        let acts = try await later.vault.read { tx in try tx.acts(createdBefore: Int64.max) }.map(\.number)
        #expect(acts.count > 1 && Set(acts).count == acts.count, "\(acts)")
        #expect(acts.allSatisfy { !numbers.contains($0) } && acts.contains { $0.hasSuffix("-000008") }, "\(acts)")
    }

    @Test("A crash after the key was destroyed is finished at the next start")
    func crashMidErasureResumes() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.lead)
        // Simulate the process dying between the two steps of an erasure.
        try await test.gateway.vault.write { tx in try tx.recordErasureIntent([id], now: 1) }
        try await test.gateway.keyring.destroySubjectKeys([id])
        #expect(try await test.gateway.vault.read { tx in try tx.subjectExists(id) })
        let restarted = try test.at(Date())
        try await restarted.recover()
        #expect(try await restarted.vault.read { tx in try tx.subjectExists(id) } == false)
        #expect(try await restarted.vault.read { tx in try tx.pendingErasures() }.isEmpty)
    }

    @Test("Restoring an old backup re-applies the erasure ledger; aged-out key backups are deleted")
    func backupAndRestore() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person(Self.lead)
        let officer = TestGateway.officer
        let folder = test.directory.root.deletingLastPathComponent().appendingPathComponent("bk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = try await test.gateway.backup(to: folder, principal: officer)
        _ = try await test.gateway.erase(id, reason: "request", principal: officer)

        // The old vault backup alone cannot reveal the person: their key is gone from the live key store.
        let restoredVault = test.directory.root.appendingPathComponent("restore-check.sqlite")
        try FileManager.default.copyItem(atPath: old.vaultFile, toPath: restoredVault.path)
        #expect(try await !test.gateway.keyring.hasKey(for: id))

        // Restore both old files over the live ones (as after a disk failure), then start: the ledger erases again.
        for (backup, live) in [(old.vaultFile, "vault.sqlite"), (old.keysFile, "keys.sqlite")] {
            let target = test.directory.root.appendingPathComponent(live)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target.path + suffix) }
            try FileManager.default.copyItem(atPath: backup, toPath: target.path)
        }
        let restarted = try test.at(Date())
        #expect(try await restarted.vault.read { tx in try tx.subjectExists(id) })
        try await restarted.recover()
        #expect(try await restarted.vault.read { tx in try tx.subjectExists(id) } == false)
        #expect(try await !restarted.keyring.hasKey(for: id))

        // Twenty days on, the next backup deletes key backups past the 14-day retention.
        let later = try test.at(Date().addingTimeInterval(20 * 86_400))
        let next = try await later.backup(to: folder, principal: officer)
        #expect(next.expiredKeyBackups == [URL(fileURLWithPath: old.keysFile).lastPathComponent])
        #expect(!FileManager.default.fileExists(atPath: old.keysFile))
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes (plain scan; for files of a few megabytes).
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { n in
                var i = 0
                while i <= hay.count - n.count {
                    if hay[i] == n[0] && memcmp(hay.baseAddress! + i, n.baseAddress!, n.count) == 0 { return true }
                    i += 1
                }
                return false
            }
        }
    }
}
