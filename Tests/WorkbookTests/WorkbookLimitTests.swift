import Foundation
import Testing
import Workbook
import ZIPFoundation

/// A workbook that would inflate past the limits is refused before it is read (issue 23, finding 3).
@Suite("Workbook size limits")
struct WorkbookLimitTests {
    /// A small real workbook whose sheet entry then claims `declared` bytes once inflated, as a zip bomb's does.
    static func bomb(declaring declared: UInt32) throws -> URL {
        let url = RawWorkbook.temporaryURL()
        var rows = ""
        for n in 1...50 { rows += "<row r=\"\(n)\"><c r=\"A\(n)\" t=\"inlineStr\"><is><t>x</t></is></c></row>" }
        try RawWorkbook.write(to: url, sheets: [("Лист1", RawWorkbook.sheet(rows))])
        var bytes = [UInt8](try Data(contentsOf: url))
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        var patched = 0
        // Central directory headers (PK\1\2) keep the uncompressed size at offset 24, local headers (PK\3\4) at 22.
        for (signature, sizeOffset, nameOffset) in [([0x50, 0x4B, 0x01, 0x02] as [UInt8], 24, 46),
                                                    ([0x50, 0x4B, 0x03, 0x04] as [UInt8], 22, 30)] {
            var index = 0
            while index + nameOffset + name.count <= bytes.count {
                if Array(bytes[index..<index + 4]) == signature,
                    Array(bytes[index + nameOffset..<index + nameOffset + name.count]) == name {
                    for byte in 0..<4 { bytes[index + sizeOffset + byte] = UInt8(truncatingIfNeeded: declared >> (8 * byte)) }
                    patched += 1
                }
                index += 1
            }
        }
        #expect(patched == 2)
        try Data(bytes).write(to: url)
        return url
    }

    @Test("A sheet that declares gigabytes once inflated is refused by default, before any row is read")
    func zipBombIsRefused() throws {
        let url = try Self.bomb(declaring: 4_000_000_000)
        let workbook = try Workbook(url: url)
        let sheet = try workbook.sheet(named: nil)
        #expect(sheet.size == 4_000_000_000)
        var rows = 0
        let error = try #require(throws: WorkbookError.self) {
            try workbook.readRows(of: sheet) { _ in rows += 1 }
        }
        #expect(error.code == .tooLarge)
        #expect(error.message.contains("sheet \"Лист1\" inflates to 3815 MB, above the limit of 1024 MB"))
        #expect(rows == 0)
        #expect(throws: WorkbookError.self) { try workbook.layout(of: sheet) }
    }

    @Test("A sheet one byte over the size limit is refused, and rows past the row limit stop the reading")
    func inflationAndRowsAreBounded() throws {
        let url = RawWorkbook.temporaryURL()
        var rows = ""
        for n in 1...2_000 { rows += "<row r=\"\(n)\"><c r=\"A\(n)\" t=\"inlineStr\"><is><t>строка \(n)</t></is></c></row>" }
        try RawWorkbook.write(to: url, sheets: [("Лист1", RawWorkbook.sheet(rows))])

        let declared = try Workbook(url: url).sheet(named: nil)
        #expect(declared.size > 20_000)
        let bounded = try Workbook(url: url, sheetSizeLimit: declared.size - 1)
        let tooBig = try #require(throws: WorkbookError.self) { try bounded.readRows(of: declared) { _ in } }
        #expect(tooBig.code == .tooLarge)

        let fewRows = try Workbook(url: url, rowLimit: 1_000)
        var read = 0
        let error = try #require(throws: WorkbookError.self) {
            try fewRows.readRows(of: declared) { _ in read += 1 }
        }
        #expect(error.code == .tooLarge && error.message.contains("more than 1000 rows"))
        #expect(read == 1_000)
    }
}
