import Foundation
import ZIPFoundation

/// Builds `.xlsx` files part by part, for tests that need XML no writer of ours produces (rich text, formulas,
/// errors, prefixed names, missing references).
enum RawWorkbook {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func temporaryURL(_ name: String = "book.xlsx") -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-wb-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name)
    }

    /// Writes a workbook with the given sheets (name, sheet XML), shared strings and styles parts.
    static func write(
        to url: URL, sheets: [(String, String)], sharedStrings: String? = nil, styles: String? = nil,
        workbookProperties: String = "", compress: Bool = true
    ) throws {
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: compress ? .deflate : .none) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        try add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/></Types>
            """)
        try add("_rels/.rels", """
            <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """)
        var sheetList = ""
        var rels = ""
        for (index, sheet) in sheets.enumerated() {
            sheetList += "<sheet name=\"\(sheet.0)\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
            rels += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
            try add("xl/worksheets/sheet\(index + 1).xml", sheet.1)
        }
        if let sharedStrings {
            rels += "<Relationship Id=\"rId90\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            try add("xl/sharedStrings.xml", sharedStrings)
        }
        if let styles {
            rels += "<Relationship Id=\"rId91\" Type=\"\(rel)/styles\" Target=\"/xl/styles.xml\"/>"
            try add("xl/styles.xml", styles)
        }
        try add("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\(main)" xmlns:r="\(rel)">\(workbookProperties)\
            <sheets>\(sheetList)</sheets></workbook>
            """)
        try add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(rels)</Relationships>
            """)
    }

    static func sheet(_ body: String, after: String = "") -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"\(main)\" xmlns:r=\"\(rel)\">"
            + "<sheetData>\(body)</sheetData>\(after)</worksheet>"
    }
}
