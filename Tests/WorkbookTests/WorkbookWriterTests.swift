import Foundation
import PDGateTesting
import Testing
@testable import Workbook

@Suite("Writing workbooks")
struct WorkbookWriterTests {
    static let rows: [[CellValue]] = [
        [.text("ФИО"), .text("Телефон"), .text("Дата"), .text("Сумма"), .text("Согласие"), .text("Заметки")],
        [.text("Иванова Мария"), .text("+79161234567"), .date(ExcelDate(year: 1990, month: 3, day: 7)),
         .number("47893.38"), .bool(true), .text("a & b <c> \"q\" _x000D_ tab\there\r\nnext line")],
        [.text("  spaces kept  "), .number("79161234567"), .empty, .number("0.5"), .bool(false), .error("#N/A")],
        [],
        [.empty, .empty, .empty, .empty, .empty, .text("last column only")],
    ]

    @Test("What the writer writes reads back the same, with shared and with inline strings",
          arguments: [WorkbookWriter.StringMode.shared, .inline])
    func roundTrip(mode: WorkbookWriter.StringMode) throws {
        let url = RawWorkbook.temporaryURL()
        let writer = try WorkbookWriter(url: url, sheetName: "Клиенты", strings: mode)
        for row in Self.rows { try writer.append(row) }
        writer.merge(CellRange(rows: 1...1, columns: 0...1))
        try writer.addSheet(named: "Второй: [лист]")
        try writer.append([.text("x")])
        try writer.close()
        let workbook = try Workbook(url: url)
        #expect(workbook.sheets.map(\.name) == ["Клиенты", "Второй_ _лист_"])
        var read: [SheetRow] = []
        let layout = try workbook.readRows(of: workbook.sheets[0]) { read.append($0) }
        #expect(read.map(\.number) == [1, 2, 3, 4, 5])
        for (written, row) in zip(Self.rows, read) {
            let expected = written.reversed().drop { $0 == .empty }.reversed()
            #expect(Array(expected) == row.cells)
        }
        #expect(layout.merges == [CellRange(rows: 1...1, columns: 0...1)])
        #expect(layout.dimension == CellRange(rows: 1...5, columns: 0...5))
        let second = try workbook.firstRows(of: workbook.sheet(named: "Второй_ _лист_"), count: 3)
        #expect(second.map(\.cells) == [[.text("x")]])
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(leftovers == [url.lastPathComponent], "temporary files are removed")
    }

    @Test("A writer dropped before closing leaves neither the workbook nor its temporary files")
    func abandonedWriterLeavesNothing() throws {
        let url = RawWorkbook.temporaryURL()
        do {
            let writer = try WorkbookWriter(url: url)
            try writer.append([.text("Иванова Мария")])
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(leftovers.isEmpty)
    }

    @Test("A written workbook opens in LibreOffice with the same values")
    func opensInLibreOffice() async throws {
        let url = RawWorkbook.temporaryURL()
        let writer = try WorkbookWriter(url: url, sheetName: "Клиенты", strings: .shared)
        for row in Self.rows.prefix(3) { try writer.append(row) }
        try writer.close()
        let csv = try await LibreOffice.convert(url, to: "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false",
                                          extension: "csv")
        let text = try String(contentsOf: csv, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("ФИО;Телефон;Дата;Сумма;Согласие;Заметки") == true)
        #expect(text.contains("Иванова Мария;+79161234567;"))
        #expect(text.contains("1990"), "the date cell is a date")
        #expect(text.contains("47893.38") || text.contains("47893,38"))
        #expect(text.contains("79161234567"))
    }
}
