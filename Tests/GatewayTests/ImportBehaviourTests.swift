import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Intake
import Keyring
import Testing

@Suite("Import behaviour")
struct ImportBehaviourTests {
    static let header = "ФИО;Телефон;Email;Источник;Дата первого контакта;Дата последней покупки;Сумма последней покупки;"
        + "Статус;День рождения;Компания;ИНН;Теги;Согласие на рассылку;Менеджер;Заметки"

    @Test("Every field round-trips normalised: name, phone, e-mail, dates, money, INN, tags, notes")
    func everyFieldRoundTrips() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let row = "\"  Иванова   Мария Петровна \";8 (912) 345-67-89; Maria.Ivanova@Example.COM ;рекомендация;05.06.2022;"
            + "2025-01-05;\"47 893,38\";активный;16.02.1994;ООО Ромашка;7707083893;\"кофе; скидки\";да;Полина;"
            + "\"Перезвонить после 18:00\r\nвторая строка ✨ «кавычки» \"\"двойные\"\"\""
        let csv = Self.header + "\r\n" + row + "\r\n"
        let report = try test.importFile(try test.csv(csv))
        #expect(report.imported == 1 && report.rejected == 0)
        let id = try #require(try await test.gateway.findSubjects(.email("maria.ivanova@example.com"),
                                                                   principal: TestGateway.officer).first)
        let view = try await test.gateway.showSubject(id, principal: TestGateway.officer)
        let values = Dictionary(uniqueKeysWithValues: view.fields.map { ($0.name, $0.value ?? "") })
        #expect(values == [
            "full_name": "Иванова Мария Петровна", "phone": "+79123456789", "email": "maria.ivanova@example.com",
            "source": "рекомендация", "first_contact_date": "2022-06-05", "last_purchase_date": "2025-01-05",
            "last_purchase_amount": "47893.38", "status": "активный", "birthday": "1994-02-16",
            "company": "ООО Ромашка", "inn": "7707083893", "tags": "кофе; скидки", "manager": "Полина",
            "notes": "Перезвонить после 18:00\nвторая строка ✨ «кавычки» \"двойные\"",
        ])
        #expect(view.fields.allSatisfy { !$0.confirmedAt.isEmpty && !$0.createdAt.isEmpty })
        #expect(view.consents.map(\.purpose) == ["marketing_email"])
        #expect(view.consents.first?.provenance == "legacy" && view.consents.first?.proven == false)
    }

    @Test("A phone typed differently finds the same person")
    func phoneFormatsFindTheSamePerson() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try test.importFile(try test.csv(Self.header + "\nПетров Пётр;89123456789;;;;;;;;;;;нет;;\n"))
        for typed in ["+7 (912) 345-67-89", "8 912 345 67 89", "9123456789", "7-912-345-6789"] {
            let found = try await test.gateway.findSubjects(.phone(typed), principal: TestGateway.officer)
            #expect(found.count == 1)
        }
    }

    @Test("A later import merges into people already in the vault, by e-mail and by phone and name")
    func laterImportMergesIntoVault() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        var first = Self.header + "\n"
        for n in 0..<300 { first += "Клиент Номер \(n);+7912\(String(format: "%07d", n));client\(n)@example.com;;;;;;;;;;нет;;\n" }
        let created = try test.importFile(try test.csv(first))
        #expect(created.imported == 300 && created.merged == 0)
        let second = Self.header + "\n"
            + "Клиент Номер 7;;CLIENT7@example.com;;;;;;;;;;нет;;\n"       // e-mail only
            + "Клиент Номер 8;8 912 000 00 08;;;;;;;;;;;нет;;\n"          // phone and name only
            + "Новый Человек;+79990000000;new.person@example.com;;;;;;;;;;нет;;\n"
        let report = try test.importFile(try test.csv(second, name: "second.csv"))
        #expect(report.merged == 2 && report.imported == 1)
        let found = try await test.gateway.findSubjects(.email("client8@example.com"), principal: TestGateway.officer)
        #expect(found.count == 1)
    }

    @Test("A shared phone with a different name keeps two people and lists the pair for review")
    func sharedFamilyPhoneDoesNotMerge() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let csv = Self.header + "\n"
            + "Иванов Пётр Сергеевич;+79120000001;;;;;;;;;;;нет;;\n"
            + "Иванова Мария Петровна;8 912 000 00 01;;;;;;;;;;;нет;;\n"
            + "Пётр Иванов;9120000001;;;;;;;;;;;нет;;\n"
        let report = try test.importFile(try test.csv(csv))
        #expect(report.imported == 2)
        #expect(report.merged == 1)
        #expect(report.possibleDuplicates.map(\.row) == [3])
        let found = try await test.gateway.findSubjects(.phone("+79120000001"), principal: TestGateway.officer)
        #expect(found.count == 2)
    }

    @Test("Duplicate rows that disagree on consent resolve to no and are listed")
    func consentConflictResolvesToNo() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let csv = Self.header + "\n"
            + "Иванов Пётр;;petr@example.com;;;;;;;;;;да;;\n"
            + "Иванов Пётр;;PETR@example.com;;;;;;;;;;нет;;\n"
            + "Сидорова Анна;;anna@example.com;;;;;;;;;;да;;\n"
        let report = try test.importFile(try test.csv(csv), options: ImportOptions(consentEvidence: "paper forms 2023"))
        #expect(report.consentGiven == 1)
        #expect(report.consentConflicts.map(\.rows) == [[2, 3]])
        let petr = try #require(try await test.gateway.findSubjects(.email("petr@example.com"),
                                                                     principal: TestGateway.officer).first)
        #expect(try await test.gateway.showSubject(petr, principal: TestGateway.officer).consents.isEmpty)
        let anna = try #require(try await test.gateway.findSubjects(.email("anna@example.com"),
                                                                     principal: TestGateway.officer).first)
        let consent = try #require(try await test.gateway.showSubject(anna, principal: TestGateway.officer).consents.first)
        #expect(consent.active && consent.proven)
        // A later file saying "no" for Anna records a withdrawal; history is kept.
        _ = try test.importFile(try test.csv(Self.header + "\nСидорова Анна;;anna@example.com;;;;;;;;;;нет;;\n"))
        let events = try await test.gateway.vault.read { tx in try tx.consentEvents(of: anna) }
        #expect(events.map(\.action) == [.given, .withdrawn])
    }

    @Test("Comma-delimited Windows-1251 with other headers imports through --map")
    func commaCP1251WithMapping() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let csv = "Клиент,Мобильный,Почта клиента\r\nОрлова Ольга,+7 912 000 00 02,olga@example.com\r\n"
        let url = try test.csv(csv, encoding: .windowsCP1251)
        let report = try test.importFile(url, options: ImportOptions(columnMappings: [
            "Клиент": "full_name", "Мобильный": "phone", "Почта клиента": "email",
        ]))
        #expect(report.encoding == "windows1251" && report.delimiter == ",")
        #expect(report.imported == 1)
        let id = try #require(try await test.gateway.findSubjects(.email("olga@example.com"),
                                                                   principal: TestGateway.officer).first)
        let view = try await test.gateway.showSubject(id, principal: TestGateway.officer)
        #expect(view.fields.first { $0.name == "full_name" }?.value == "Орлова Ольга")
    }

    @Test("Columns that map to no field are listed and not imported")
    func unknownColumnsAreIgnored() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let report = try test.importFile(try test.csv("ФИО;Email;Паспорт\nИванов Пётр;p@example.com;4510 123456\n"))
        #expect(report.ignoredColumns == ["Паспорт"])
        let id = try #require(try await test.gateway.findSubjects(.email("p@example.com"),
                                                                   principal: TestGateway.officer).first)
        let view = try await test.gateway.showSubject(id, principal: TestGateway.officer)
        #expect(view.fields.map(\.name) == ["full_name", "email"])
    }

    @Test("A malformed file gives a clear error and writes nothing", arguments: [
        ("unterminated quote", "ФИО;Email\nИванов Пётр;p@example.com\n\"Сидоров;s@example.com\n", "quote"),
        ("no name column", "Email;Телефон\np@example.com;89120000000\n", "name"),
        ("no contact column", "ФИО;Город\nИванов Пётр;Москва\n", "e-mail"),
        ("empty file", "", "no records"),
    ])
    func malformedFileWritesNothing(label: String, content: String, mentions: String) async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let error = try #require(throws: GatewayError.self) { try test.importFile(try test.csv(content)) }
        #expect(error.code == .malformedInput, "\(label)")
        #expect(error.message.lowercased().contains(mentions), "\(label): \(error.message)")
        #expect(try await test.gateway.vault.read { tx in try tx.subjectCount() } == 0)
        #expect(try await test.gateway.keyring.subjectKeyCount() == 0)
        #expect(try await test.gateway.verifyAudit(principal: TestGateway.officer).isValid)
    }

    @Test("A binary file is refused and writes nothing")
    func binaryFileRefused() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let url = try test.csv("ФИО;Email\n")
        try Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0x00]).write(to: url)
        #expect(throws: GatewayError.self) { try test.importFile(url) }
        #expect(try await test.gateway.vault.read { tx in try tx.subjectCount() } == 0)
    }

    @Test("Reading a subject is audited with field names and never values")
    func readIsAuditedWithoutValues() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try test.importFile(try test.csv(Self.header + "\nИванов Пётр;89120000003;petr3@example.com;;;;;;;;;;да;;\n"))
        let id = try #require(try await test.gateway.findSubjects(.email("petr3@example.com"),
                                                                   principal: TestGateway.officer).first)
        _ = try await test.gateway.showSubject(id, principal: TestGateway.officer)
        let trail = try await test.gateway.auditTrail(of: id, principal: TestGateway.officer)
        let read = try #require(trail.first { $0.action == "subject.read" })
        #expect(read.principal == "test:officer" && read.role == "privacy_officer")
        #expect(Set(read.fields) == ["full_name", "phone", "email"])
        let dump = try JSONEncoder().encode(trail)
        let text = String(decoding: dump, as: UTF8.self)
        for value in ["petr3@example.com", "9120000003", "Иванов"] {
            #expect(!text.contains(value))
        }
        #expect(try await test.gateway.verifyAudit(principal: TestGateway.officer).isValid)
    }

    @Test("Keys of a crashed import (no subject) are swept at start once stale")
    func orphanKeysAreSwept() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let orphan = SubjectID.generate()
        _ = try test.gateway.keyring.createSubjectKeys(for: [orphan])
        try await test.gateway.recover()
        #expect(try await test.gateway.keyring.hasKey(for: orphan), "a fresh key may belong to a running import")
        let later = try Gateway(directory: test.directory, policies: test.gateway.policies,
                                clock: { Date().addingTimeInterval(2 * 86_400) })
        try await later.recover()
        #expect(try await !later.keyring.hasKey(for: orphan))
    }
}
