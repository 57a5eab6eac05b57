import Foundation
import PDGateTesting
import Gateway
import Import
import Audit
import Keyring
import Testing
import Workbook

/// Memory stays bounded whatever the input (issue 23, finding 3), and rows in another encoding are reported
/// (finding 9).
@Suite("Import limits and mixed encodings")
struct ImportLimitsTests {
    static let header = ImportBehaviourTests.header

    /// A row that is always rejected: a name and a phone that is no phone.
    static func badRow(_ n: Int) -> String { "Плохой Ряд \(n);12;;;;;;;;;;;нет;;\n" }
    static func goodRow(_ n: Int) -> String {
        "Хороший Клиент \(n);+7913\(String(format: "%07d", n));good\(n)@example.com;;;;;;;;;;нет;;\n"
    }

    static func lines(of path: String?) throws -> [Substring] {
        let text = try String(contentsOf: URL(fileURLWithPath: try #require(path)), encoding: .utf8)
        return text.split(separator: "\n")
    }

    @Test("Rejected rows stream to a capped rejects report, counted past the cap, and are not in the summary")
    func rejectsAreStreamedAndCapped() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        var csv = Self.header + "\n"
        for n in 0..<5_000 { csv += Self.badRow(n) }
        csv += Self.goodRow(1)
        var options = ImportOptions()
        options.maxRejectsWritten = 100
        options.maxRejectShare = 1
        let report = try test.importFile(try test.csv(csv), options: options)
        #expect(report.rows == 5_001 && report.rejected == 5_000 && report.imported == 1)
        #expect(report.rejectsWritten == 100 && report.rejectsNotWritten == 4_900)
        #expect(report.rejections.count == ImportReport.rejectionsPreview, "only a preview stays in memory")
        let rejects = try Self.lines(of: report.rejectsFile)
        #expect(rejects.count == 101, "the header and the first 100 rejected rows")
        #expect(rejects[1].hasPrefix("2;phone;bad_phone;"))
        let summary = try String(contentsOf: URL(fileURLWithPath: try #require(report.summaryFile)), encoding: .utf8)
        #expect(!summary.contains("bad_phone;") && !summary.contains("\"rejections\""),
                "rejected rows are written once, to the rejects report")
        #expect(summary.contains("\"rejectsNotWritten\" : 4900"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: test.directory.reports.path)
        #expect(!leftovers.contains { $0.hasSuffix(".partial") })
    }

    @Test("An import whose share of rejected rows passes the limit stops, names the limit and commits nothing")
    func tooManyRejectsStopsTheImport() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        var csv = Self.header + "\n"
        for n in 0..<3_000 { csv += n % 3 == 0 ? Self.goodRow(n) : Self.badRow(n) }
        let error = try #require(throws: GatewayError.self) { try test.importFile(try test.csv(csv)) }
        #expect(error.code == .malformedInput)
        #expect(error.message.contains("stopped after 1001 rows, 667 of them rejected (67%)"))
        #expect(error.message.contains("limit of 50% (--max-reject-share)") && error.message.contains("nothing was imported"))
        #expect(error.message.contains("bad_phone"))
        #expect(!error.message.contains("Плохой"), "no personal values in the error")
        #expect(try await test.gateway.vault.read { tx in try tx.subjectCount() } == 0,
                "the good rows read before the stop are not committed")
        let reports = try FileManager.default.contentsOfDirectory(atPath: test.directory.reports.path)
        let stopped = try #require(reports.first { $0.hasPrefix("import-stopped-") })
        #expect(error.message.contains(stopped))
        #expect(!reports.contains { $0.hasSuffix(".partial") || $0.hasSuffix(".json") })
        let audit = test.gateway.audit
        let failure = try await test.gateway.vault.read { tx in try audit.recent(limit: 20, in: tx) }
            .last { $0.action == "import.run" }
        #expect(failure?.outcome == .failed && failure?.detail == "code=too_many_rejects rows=1001 rejected=667")

        // The same file with a limit it stays under imports its good rows.
        var options = ImportOptions()
        options.maxRejectShare = 0.7
        let report = try test.importFile(try test.csv(csv), options: options)
        #expect(report.imported == 1_000 && report.rejected == 2_000)
    }

    @Test("A workbook whose sheet inflates past the limit is refused before it is read, and imports nothing")
    func oversizedSheetIsRefused() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let url = test.directory.root.deletingLastPathComponent().appendingPathComponent("\(UUID().uuidString).xlsx")
        let writer = try WorkbookWriter(url: url, sheetName: "Клиенты")
        try writer.append(["ФИО", "Телефон", "Email"].map { CellValue.text($0) })
        for n in 0..<20_000 {
            try writer.append([.text("Клиент Номер \(n)"), .text("12"), .text("client\(n)@example.com")])
        }
        try writer.close()
        var options = ImportOptions()
        options.maxSheetBytes = 1 << 20
        let error = try #require(throws: GatewayError.self) {
            try test.gateway.importFile(url, options: options, principal: TestGateway.officer)
        }
        #expect(error.code == .malformedInput)
        #expect(error.message.contains("sheet \"Клиенты\" inflates to") && error.message.contains("limit of 1 MB"))
        #expect(error.message.contains("it was not read"))
        #expect(try await test.gateway.vault.read { tx in try tx.subjectCount() } == 0)
    }

    @Test("A UTF-8 row inside a Windows-1251 file is rejected with its row and what to fix, not imported garbled")
    func utf8RowInWindows1251FileIsRejected() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let windows1251 = try #require((Self.header + "\n" + "Иванов Пётр;+79120000001;petr@example.com;;;;;;;;;;нет;;\n")
            .data(using: .windowsCP1251))
        let utf8Row = Data("Смирнова Анна;+79120000002;anna@example.com;;;;;;;;;;нет;;\n".utf8)
        let tail = try #require("Сидоров Олег;+79120000003;oleg@example.com;;;;;;;;;;нет;;\n".data(using: .windowsCP1251))
        let url = test.directory.root.deletingLastPathComponent().appendingPathComponent("\(UUID().uuidString).csv")
        try (windows1251 + utf8Row + tail).write(to: url)

        let report = try test.importFile(url)
        #expect(report.encoding == "windows1251")
        #expect(report.imported == 2 && report.rejected == 1)
        let rejection = try #require(report.rejections.first)
        #expect(rejection.row == 3 && rejection.reason == "mixed_encoding")
        #expect(rejection.message.contains("UTF-8") && rejection.message.contains("one encoding"))
        #expect(report.rejectedByReason == ["mixed_encoding": 1])
        let oleg = try #require(try await test.gateway.findSubjects(.email("oleg@example.com"),
                                                                     principal: TestGateway.officer).first)
        let name = try await test.gateway.showSubject(oleg, principal: TestGateway.officer).fields
            .first { $0.name == "full_name" }?.value
        #expect(name == "Сидоров Олег")
        #expect(try await test.gateway.findSubjects(.email("anna@example.com"), principal: TestGateway.officer).isEmpty)
    }
}
