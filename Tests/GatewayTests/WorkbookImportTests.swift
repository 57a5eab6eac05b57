import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Testing
import Workbook

@Suite("Importing customers from .xlsx workbooks", .serialized)
struct WorkbookImportTests {
    static let header = ["ФИО", "Телефон", "Email", "Источник", "Дата первого контакта", "Дата последней покупки",
                         "Сумма последней покупки", "Статус", "День рождения", "Компания", "ИНН", "Теги",
                         "Согласие на рассылку", "Менеджер", "Заметки"]

    func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-xlsx-\(UUID().uuidString)-\(name)")
    }

    /// Compares a workbook import of a shared fixture with its manifest, row by row. A CSV record that lost
    /// columns to a missing delimiter (`short_row`) has no equivalent in a workbook, where a row is simply
    /// shorter: those rows are complete people there, and every other row must come out as the manifest says.
    func checkAgainstManifest(_ report: ImportReport, _ manifest: Manifest, gateway: Gateway) async throws {
        let shortRows = Set(manifest.rows.filter { $0.why == "short_row" }.map(\.row))
        #expect(report.rows == manifest.summary.rows)
        let expected = Dictionary(uniqueKeysWithValues: manifest.rows.filter { $0.expect == "reject" }
            .filter { !shortRows.contains($0.row) }.map { ($0.row, $0.why ?? "") })
        let actual = Dictionary(uniqueKeysWithValues: report.rejections.map { ($0.row, $0.reason) })
        #expect(actual == expected)
        #expect(report.rejected == manifest.summary.reject - shortRows.count)
        #expect(report.imported + report.merged == manifest.summary.people + manifest.summary.merge + shortRows.count)
        #expect(report.imported >= manifest.summary.people)
        var subjectOfPerson: [Int: SubjectID] = [:]
        for row in manifest.rows where row.expect == "new" {
            var found: Set<SubjectID> = []
            if let email = row.email {
                found.formUnion(try await gateway.findSubjects(.email(email), principal: TestGateway.officer))
            }
            if let phone = row.phone {
                found.formUnion(try await gateway.findSubjects(.phone(phone), principal: TestGateway.officer))
            }
            #expect(found.count == 1, "person of row \(row.row) maps to \(found.count) subjects")
            subjectOfPerson[row.person ?? -1] = found.first
        }
        #expect(Set(subjectOfPerson.values).count == manifest.summary.people)
        #expect(try await gateway.vault.read { tx in try tx.subjectCount() } == report.imported)
    }

    @Test("The shared fixtures saved as workbooks (numbers, dates, shared strings) import as their manifests say",
          arguments: [("customers-1k.csv", "customers-1k.manifest.json"),
                      ("customers-1k-cp1251.csv", "customers-1k-cp1251.manifest.json")])
    func fixturesAsWorkbooks(file: String, manifestName: String) async throws {
        let manifest = try SharedFixtures.manifest(manifestName)
        let book = temporary("customers.xlsx")
        defer { try? FileManager.default.removeItem(at: book) }
        try CSVToWorkbook.convert(SharedFixtures.url(file), to: book)
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let report = try test.gateway.importFile(book, principal: TestGateway.officer)
        #expect(report.format == "xlsx")
        #expect(report.sheet == "Клиенты")
        #expect(report.encoding == "xlsx")
        try await checkAgainstManifest(report, manifest, gateway: test.gateway)
    }

    @Test("The fixture converted to .xlsx by LibreOffice imports as its manifest says")
    func fixtureSavedByLibreOffice() async throws {
        let manifest = try SharedFixtures.manifest("customers-1k.manifest.json")
        let folder = temporary("lo")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("customers.csv")
        try FileManager.default.copyItem(at: SharedFixtures.url("customers-1k.csv"), to: csv)
        // ';'-separated UTF-8 from line 1; phones and dates as LibreOffice detects them (numbers, ISO dates), the
        // other columns as text, as a careful operator sets them (a tax number must keep its leading zero).
        let types = (1...15).map { "\($0)/\([2, 5, 6, 9].contains($0) ? 1 : 2)" }.joined(separator: "/")
        let xlsx = try await LibreOffice.convert(csv, to: "xlsx:Calc MS Excel 2007 XML", extension: "xlsx",
                                           infilter: "CSV:59,34,76,1,\(types)")
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let report = try test.gateway.importFile(xlsx, principal: TestGateway.officer)
        try await checkAgainstManifest(report, manifest, gateway: test.gateway)
    }

    @Test("A title row, a two-row header with merged cells, an unnamed column and --map are understood")
    func headerLayouts() async throws {
        let book = temporary("layout.xlsx")
        defer { try? FileManager.default.removeItem(at: book) }
        let writer = try WorkbookWriter(url: book, sheetName: "Выгрузка", strings: .shared)
        try writer.append([.text("Клиенты магазина на 01.03.2026")])
        writer.merge(CellRange("A1:F1")!)
        try writer.append([.text("ФИО"), .text("Контакты"), .empty, .text("Мобильный"), .text("Код клиента"), .empty])
        writer.merge(CellRange("A2:A3")!)
        writer.merge(CellRange("B2:C2")!)
        try writer.append([.empty, .text("Email"), .text("Город"), .empty, .empty, .empty])
        try writer.append([.text("Иванова Мария"), .text("maria@example.com"), .text("Тула"), .number("79161234567"),
                           .number("1001"), .text("заметка без заголовка")])
        try writer.append([.text("Петров Пётр"), .empty, .text("Тула"), .text("9.16E+09"), .number("1002")])
        try writer.close()
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        // Мобильный is a phone header of fields.yaml already; map Город to nothing and leave Код клиента unmapped.
        let report = try test.gateway.importFile(
            book, options: ImportOptions(columnMappings: ["Город": "ignore"], sheet: "выгрузка"),
            principal: TestGateway.officer)
        #expect(report.headerRow == 3)
        #expect(report.rows == 2)
        #expect(report.imported == 1)
        #expect(report.rejections.map(\.row) == [5])
        #expect(report.rejections.first?.reason == "bad_phone")
        #expect(report.rejections.first?.message.contains("scientific notation") == true)
        #expect(report.rejections.first?.message.contains("9.16") == false, "the message repeats no value")
        #expect(report.ignoredColumns == ["Город", "Код клиента", "column F (no header)"])
        let ids = try await test.gateway.findSubjects(.phone("+79161234567"), principal: TestGateway.officer)
        #expect(ids.count == 1)
        let view = try await test.gateway.showSubject(try #require(ids.first), principal: TestGateway.officer)
        #expect(Set(view.fields.map(\.name)) == ["full_name", "email", "phone"], "unmapped columns are not imported")
    }

    @Test("English and other Russian header variants map to the fields of fields.yaml")
    func headerVariants() async throws {
        let book = temporary("english.xlsx")
        defer { try? FileManager.default.removeItem(at: book) }
        let writer = try WorkbookWriter(url: book)
        try writer.append(["Full name", "Mobile phone", "Email address", "Date of birth", "Company", "Passport"]
            .map { .text($0) })
        try writer.append([.text("Maria Ivanova"), .number("9161234567"), .text("maria@example.com"),
                           .date(ExcelDate(year: 1990, month: 3, day: 7)), .text("Romashka LLC"), .text("4510 123456")])
        try writer.close()
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let report = try test.gateway.importFile(book, principal: TestGateway.officer)
        #expect(report.imported == 1)
        #expect(report.ignoredColumns == ["Passport"])
        let id = try #require(try await test.gateway.findSubjects(.phone("+79161234567"), principal: TestGateway.officer)
            .first)
        let names = try await test.gateway.showSubject(id, principal: TestGateway.officer).fields.map(\.name)
        #expect(Set(names) == ["full_name", "phone", "email", "birthday", "company"])
    }

    @Test("Dates and date-times stored as serial numbers land in date fields as days")
    func serialDatesImport() async throws {
        let book = temporary("dates.xlsx")
        defer { try? FileManager.default.removeItem(at: book) }
        let writer = try WorkbookWriter(url: book)
        try writer.append(Self.header.prefix(9).map { .text($0) })
        try writer.append([.text("Иванова Мария"), .empty, .text("maria@example.com"), .empty,
                           .date(ExcelDate(year: 2024, month: 2, day: 29)),
                           .date(ExcelDate(year: 2025, month: 1, day: 5, hour: 14, minute: 30)), .number("47893.4"),
                           .empty, .date(ExcelDate(year: 1990, month: 3, day: 7))])
        try writer.close()
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let report = try test.gateway.importFile(book, principal: TestGateway.officer)
        #expect(report.imported == 1 && report.rejected == 0)
        let id = try #require(try await test.gateway.findSubjects(.email("maria@example.com"),
                                                                  principal: TestGateway.officer).first)
        let fields = Dictionary(uniqueKeysWithValues: try await test.gateway.showSubject(id, principal: TestGateway.officer)
            .fields.map { ($0.name, $0.value) })
        #expect(fields["first_contact_date"] == "2024-02-29")
        #expect(fields["last_purchase_date"] == "2025-01-05")
        #expect(fields["last_purchase_amount"] == "47893.40")
        #expect(fields["birthday"] == "1990-03-07")
    }

    @Test("A missing sheet, a workbook with no header and a damaged file import nothing and say why")
    func refusals() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let book = temporary("one.xlsx")
        defer { try? FileManager.default.removeItem(at: book) }
        let writer = try WorkbookWriter(url: book, sheetName: "Клиенты")
        try writer.append([.text("Город"), .text("Сумма")])
        try writer.append([.text("Тула"), .number("5")])
        try writer.close()
        #expect {
            try test.gateway.importFile(book, options: ImportOptions(sheet: "Лист2"), principal: TestGateway.officer)
        } throws: { ($0 as? GatewayError)?.code == .invalidArgument && "\($0)".contains("\"Клиенты\"") }
        #expect {
            try test.gateway.importFile(book, principal: TestGateway.officer)
        } throws: { ($0 as? GatewayError)?.message.contains("no column holds the person's name") == true }
        let damaged = temporary("damaged.xlsx")
        defer { try? FileManager.default.removeItem(at: damaged) }
        var bytes = try Data(contentsOf: book)
        bytes.replaceSubrange(40..<bytes.count / 2, with: Data(repeating: 0x41, count: bytes.count / 2 - 40))
        try bytes.write(to: damaged)
        #expect { try test.gateway.importFile(damaged, principal: TestGateway.officer) } throws: {
            ($0 as? GatewayError)?.code == .malformedInput
        }
        #expect(try await test.gateway.vault.read { tx in try tx.subjectCount() } == 0)
    }
}
