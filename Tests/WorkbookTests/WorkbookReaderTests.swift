import Foundation
import Testing
@testable import Workbook

@Suite("Reading workbooks as a stream of rows")
struct WorkbookReaderTests {
    /// Styles: 0 General, 1 built-in short date (14), 2 custom dd.mm.yyyy, 3 date and time, 4 two decimals.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="\(RawWorkbook.main)">\
        <numFmts count="2"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/>\
        <numFmt numFmtId="165" formatCode="[$-419]dd.mm.yyyy\\ h:mm;@"/></numFmts>\
        <cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>\
        <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>\
        <xf numFmtId="2"/></cellXfs></styleSheet>
        """

    static let sharedStrings = """
        <?xml version="1.0" encoding="UTF-8"?><sst xmlns="\(RawWorkbook.main)" count="6" uniqueCount="6">\
        <si><t>ФИО</t></si><si><t>Телефон</t></si>\
        <si><r><rPr><b/></rPr><t>Иванова </t></r><r><t xml:space="preserve">Мария</t></r>\
        <rPh sb="0" eb="1"><t>ignored phonetic</t></rPh></si>\
        <si><t>Tom &amp; Jerry &lt;co&gt; &#1046;&#x416;</t></si>\
        <si><t>line one_x000D_
        line two</t></si><si/></sst>
        """

    static func everyCellType() throws -> URL {
        let url = RawWorkbook.temporaryURL()
        // Row 1: shared strings; merged header B1:C1. Row 2: every kind of value. Row 3: cells and rows without
        // references, prefixed element names. Row 5 (row 4 absent): an empty row element. Row 6: inline rich text.
        let sheet = RawWorkbook.sheet("""
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>\
            <row r="2" spans="1:14">\
            <c r="A2" t="s"><v>2</v></c>\
            <c r="B2"><v>79161234567</v></c>\
            <c r="C2"><v>7.9161234567E10</v></c>\
            <c r="D2" s="1"><v>45292</v></c>\
            <c r="E2" s="2"><v>32947</v></c>\
            <c r="F2" s="3"><v>45292.604166666664</v></c>\
            <c r="G2" t="b"><v>1</v></c>\
            <c r="H2" t="e"><v>#N/A</v></c>\
            <c r="I2" t="str"><f>CONCAT("a";"b")</f><v>ab</v></c>\
            <c r="J2" t="inlineStr"><is><t>inline   text</t></is></c>\
            <c r="K2" s="4"><v>47893.379999999997</v></c>\
            <c r="L2"/>\
            <c r="N2" t="s"><v>3</v></c>\
            </row>\
            <x:row xmlns:x="\(RawWorkbook.main)"><x:c t="s"><x:v>4</x:v></x:c><x:c><x:v>9161234567</x:v></x:c>\
            <!-- a comment --><x:c t="inlineStr"><x:is><x:t><![CDATA[<cdata> & more]]></x:t></x:is></x:c></x:row>\
            <row r="5"/>\
            <row r="6"><c r="B6" t="inlineStr"><is><r><t>rich</t></r><r><t xml:space="preserve"> inline</t></r></is></c>\
            <c r="C6" t="s"><v>5</v></c></row>
            """, after: "<mergeCells count=\"1\"><mergeCell ref=\"B1:C1\"/></mergeCells>")
        try RawWorkbook.write(to: url, sheets: [("Клиенты", sheet)], sharedStrings: sharedStrings, styles: styles)
        return url
    }

    @Test("Every cell type reads as its value: strings, numbers in full, dates, booleans, errors, formulas")
    func everyCellTypeReads() throws {
        let url = try Self.everyCellType()
        let workbook = try Workbook(url: url)
        #expect(workbook.sheets.map(\.name) == ["Клиенты"])
        var rows: [SheetRow] = []
        let layout = try workbook.readRows(of: workbook.sheets[0]) { rows.append($0) }
        #expect(rows.map(\.number) == [1, 2, 3, 5, 6])
        #expect(rows[0].cells == [.text("ФИО"), .text("Телефон")])
        let row = rows[1]
        #expect(row[0] == .text("Иванова Мария"))
        #expect(row[1] == .number("79161234567"))
        #expect(row[2] == .number("79161234567"), "an exponent literal keeps every digit")
        #expect(row[3] == .date(ExcelDate(year: 2024, month: 1, day: 1)))
        #expect(row[4] == .date(ExcelDate(year: 1990, month: 3, day: 15)))
        #expect(row[5] == .date(ExcelDate(year: 2024, month: 1, day: 1, hour: 14, minute: 30)))
        #expect(row[5].text == "2024-01-01T14:30:00")
        #expect(row[6] == .bool(true))
        #expect(row[7] == .error("#N/A"))
        #expect(row[7].text.isEmpty)
        #expect(row[8] == .text("ab"), "a formula reads as its cached result")
        #expect(row[9] == .text("inline   text"))
        #expect(row[10] == .number("47893.38"))
        #expect(row[11] == .empty)
        #expect(row[12] == .empty, "a cell the row skips is empty")
        #expect(row[13] == .text("Tom & Jerry <co> ЖЖ"))
        #expect(row[30] == .empty)
        #expect(rows[2].cells == [.text("line one\r\nline two"), .number("9161234567"), .text("<cdata> & more")])
        #expect(rows[3].isBlank)
        #expect(rows[4].cells == [.empty, .text("rich inline"), .text("")])
        #expect(layout.merges == [CellRange(rows: 1...1, columns: 1...2)])
        #expect(try workbook.layout(of: workbook.sheets[0]).merges == layout.merges)
    }

    @Test("Reading stops where the caller stops: the first row needs only the start of a large sheet")
    func streamsWithoutReadingEverything() throws {
        let url = RawWorkbook.temporaryURL()
        let writer = try WorkbookWriter(url: url, sheetName: "big", strings: .inline)
        for index in 0..<40_000 {
            try writer.append([.text("Покупатель номер \(index)"), .number("\(79_000_000_000 + index)"),
                               .text("customer\(index)@example.com")])
        }
        try writer.close()
        let workbook = try Workbook(url: url)
        let sheet = workbook.sheets[0]
        var scanned = 0
        var seen = 0
        struct Stop: Error {}
        do {
            try workbook.readRows(of: sheet, progress: { scanned = $0 }) { _ in
                seen += 1
                if seen == 1 { throw Stop() }
            }
        } catch is Stop {}
        #expect(seen == 1)
        #expect(sheet.size > 2_000_000)
        #expect(scanned < sheet.size / 10, "the sheet was inflated far beyond the first row")
        var count = 0
        try workbook.readRows(of: sheet) { _ in count += 1 }
        #expect(count == 40_000)
    }

    @Test("Serial numbers become calendar dates in both date systems, with Excel's 1900 leap-year bug")
    func serialDates() {
        #expect(ExcelDate(serial: 1)?.description == "1900-01-01")
        #expect(ExcelDate(serial: 59)?.description == "1900-02-28")
        #expect(ExcelDate(serial: 60) == nil, "29 February 1900 never existed")
        #expect(ExcelDate(serial: 61)?.description == "1900-03-01")
        #expect(ExcelDate(serial: 45_292)?.description == "2024-01-01")
        #expect(ExcelDate(serial: 45_351)?.description == "2024-02-29")
        #expect(ExcelDate(serial: 0, date1904: true)?.description == "1904-01-01")
        #expect(ExcelDate(serial: 43_830, date1904: true)?.description == "2024-01-01")
        #expect(ExcelDate(serial: 45_292.5)?.description == "2024-01-01T12:00:00")
        #expect(ExcelDate(serial: -1) == nil)
        for serial in [1.0, 59, 61, 32_947, 45_292, 45_292.75] {
            #expect(ExcelDate(serial: serial)?.serial == serial)
        }
    }

    @Test("1904 workbooks read their dates from 1904")
    func date1904Workbook() throws {
        let url = RawWorkbook.temporaryURL()
        try RawWorkbook.write(to: url, sheets: [("S", RawWorkbook.sheet("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>43830</v></c></row>"))],
                              styles: Self.styles, workbookProperties: "<workbookPr date1904=\"1\"/>")
        let rows = try Workbook(url: url).firstRows(of: try Workbook(url: url).sheets[0], count: 5)
        #expect(rows.first?[0] == .date(ExcelDate(year: 2024, month: 1, day: 1)))
    }

    @Test("Number formats that show dates are told from those that show numbers")
    func dateFormats() {
        for code in ["dd.mm.yyyy", "d/m/yy", "[$-419]d mmmm yyyy", "yyyy-mm-dd hh:mm", "[h]:mm", "mmm-yy", "h:mm AM/PM"] {
            #expect(CellStyles.isDateFormat(code), "\(code)")
        }
        for code in ["General", "0.00", "#,##0\\ \"руб.\"", "\"day\" 0", "[Red]0.00", "0.00E+00", "@", "[$₽-419]#,##0"] {
            #expect(!CellStyles.isDateFormat(code), "\(code)")
        }
        #expect(Set(14...22).isSubset(of: CellStyles.builtInDateFormats))
        #expect(!CellStyles.builtInDateFormats.contains(49))
    }

    @Test("Cell references convert both ways")
    func references() {
        #expect(CellReference.column(of: "A1") == 0)
        #expect(CellReference.column(of: "AB12") == 27)
        #expect(CellReference.column(of: "$XFD$1") == 16_383)
        #expect(CellReference.column(of: "12") == nil)
        #expect(CellReference.row(of: "AB12") == 12)
        #expect(CellReference.letters(ofColumn: 0) == "A")
        #expect(CellReference.letters(ofColumn: 25) == "Z")
        #expect(CellReference.letters(ofColumn: 26) == "AA")
        #expect(CellReference.letters(ofColumn: 16_383) == "XFD")
        #expect(CellRange("C2:A1") == CellRange(rows: 1...2, columns: 0...2))
        #expect(CellRange("B3")?.description == "B3:B3")
    }

    @Test("Sheets are found by name, case-insensitively; a missing one lists those there are")
    func sheetSelection() throws {
        let url = RawWorkbook.temporaryURL()
        try RawWorkbook.write(to: url, sheets: [("Первый", RawWorkbook.sheet("")), ("Клиенты 2024", RawWorkbook.sheet(""))])
        let workbook = try Workbook(url: url)
        #expect(try workbook.sheet(named: nil).name == "Первый")
        #expect(try workbook.sheet(named: "клиенты 2024").name == "Клиенты 2024")
        #expect {
            try workbook.sheet(named: "Лист9")
        } throws: { error in
            let error = error as? WorkbookError
            return error?.code == .noSuchSheet && error?.message.contains("\"Первый\", \"Клиенты 2024\"") == true
        }
    }

    @Test("Files that are not workbooks, and damaged ones, are refused with a reason")
    func refusals() throws {
        let text = RawWorkbook.temporaryURL("customers.xlsx")
        try Data("ФИО;Телефон\n".utf8).write(to: text)
        #expect { try Workbook(url: text) } throws: { ($0 as? WorkbookError)?.code == .notAWorkbook }

        let truncated = RawWorkbook.temporaryURL()
        try RawWorkbook.write(to: truncated, sheets: [("S", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s")])
        let workbook = try Workbook(url: truncated)
        #expect { try workbook.readRows(of: workbook.sheets[0]) { _ in } } throws: {
            ($0 as? WorkbookError)?.code == .malformed
        }

        let doctype = RawWorkbook.temporaryURL()
        try RawWorkbook.write(to: doctype, sheets: [("S", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><worksheet/>")])
        let withDoctype = try Workbook(url: doctype)
        #expect { try withDoctype.readRows(of: withDoctype.sheets[0]) { _ in } } throws: {
            ($0 as? WorkbookError)?.message.contains("document type") == true
        }

        let badIndex = RawWorkbook.temporaryURL()
        try RawWorkbook.write(to: badIndex, sheets: [("S", RawWorkbook.sheet("<row r=\"1\"><c r=\"C1\" t=\"s\"><v>7</v></c></row>"))],
                              sharedStrings: "<sst xmlns=\"\(RawWorkbook.main)\"><si><t>x</t></si></sst>")
        let wrongIndex = try Workbook(url: badIndex)
        #expect { try wrongIndex.readRows(of: wrongIndex.sheets[0]) { _ in } } throws: { error in
            let message = (error as? WorkbookError)?.message ?? ""
            return message.contains("C1") && message.contains("shared string")
        }
    }
}
