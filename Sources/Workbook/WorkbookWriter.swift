public import Foundation
import ZIPFoundation

/// Writes an `.xlsx` workbook row by row: text (shared or inline strings), numbers, dates, booleans.
///
/// Rows stream to a temporary file next to the destination (mode 0600, removed on ``close()`` and on failure), so
/// memory does not grow with the sheet; with ``StringMode/shared`` the distinct texts are kept for the shared
/// string table, as Excel itself writes it. ``close()`` assembles the archive under a temporary name and renames
/// it into place, so the destination is either the whole workbook or untouched.
///
/// ```swift
/// let writer = try WorkbookWriter(url: out, sheetName: "Клиенты")
/// try writer.append([.text("ФИО"), .text("Телефон")])
/// try writer.append([.text("Иванова Мария"), .number("79161234567")])
/// try writer.close()
/// ```
public final class WorkbookWriter {
    /// How text cells are stored.
    public enum StringMode: Sendable {
        /// In the shared string table (what Excel writes).
        case shared
        /// In the cell itself (`inlineStr`): nothing is held in memory.
        case inline
    }

    private final class SheetBuffer {
        let name: String
        let url: URL
        let handle: FileHandle
        var buffer: [UInt8] = []
        var rows = 0
        var maxColumn = -1
        var merges: [CellRange] = []

        init(name: String, url: URL, handle: FileHandle) {
            self.name = name
            self.url = url
            self.handle = handle
        }
    }

    /// Where the workbook is written.
    public let url: URL
    public let stringMode: StringMode
    private var sheets: [SheetBuffer] = []
    private var sharedIndex: [String: Int] = [:]
    private var sharedList: [String] = []
    private var closed = false

    /// Starts a workbook with one sheet.
    ///
    /// - Throws: ``WorkbookError`` `unwritable` when the folder cannot take the temporary file.
    public init(url: URL, sheetName: String = "Sheet1", strings: StringMode = .inline) throws {
        self.url = url
        self.stringMode = strings
        try addSheet(named: sheetName)
    }

    deinit {
        if !closed { discard() }
    }

    /// Starts another sheet; later rows go to it.
    public func addSheet(named name: String) throws {
        let clean = Self.sheetName(name, taken: Set(sheets.map(\.name)))
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).sheet\(sheets.count + 1).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil,
                                             attributes: [.posixPermissions: 0o600]),
            let handle = try? FileHandle(forWritingTo: temporary)
        else {
            throw WorkbookError(.unwritable, "cannot write in \(url.deletingLastPathComponent().path)")
        }
        sheets.append(SheetBuffer(name: clean, url: temporary, handle: handle))
    }

    /// Appends a row to the current sheet; trailing empty cells may be left out.
    public func append(_ cells: [CellValue]) throws {
        guard let sheet = sheets.last else { return }
        sheet.rows += 1
        let row = sheet.rows
        sheet.buffer.append(contentsOf: "<row r=\"\(row)\">".utf8)
        for (column, cell) in cells.enumerated() {
            let reference = CellReference.name(column: column, row: row)
            switch cell {
            case .empty:
                continue
            case .text(let text):
                switch stringMode {
                case .shared:
                    let index = sharedIndex[text] ?? {
                        sharedList.append(text)
                        sharedIndex[text] = sharedList.count - 1
                        return sharedList.count - 1
                    }()
                    sheet.buffer.append(contentsOf: "<c r=\"\(reference)\" t=\"s\"><v>\(index)</v></c>".utf8)
                case .inline:
                    sheet.buffer.append(contentsOf: "<c r=\"\(reference)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">".utf8)
                    XMLText.escape(text, into: &sheet.buffer)
                    sheet.buffer.append(contentsOf: "</t></is></c>".utf8)
                }
            case .number(let literal):
                guard let value = Double(literal), value.isFinite else {
                    throw WorkbookError(.unwritable, "cell \(reference) is not a number")
                }
                sheet.buffer.append(contentsOf: "<c r=\"\(reference)\"><v>\(CellValue.canonical(value))</v></c>".utf8)
            case .date(let date):
                let serial = CellValue.canonical(date.serial)
                sheet.buffer.append(contentsOf: "<c r=\"\(reference)\" s=\"1\"><v>\(serial)</v></c>".utf8)
            case .bool(let value):
                sheet.buffer.append(contentsOf: "<c r=\"\(reference)\" t=\"b\"><v>\(value ? 1 : 0)</v></c>".utf8)
            case .error(let code):
                sheet.buffer.append(contentsOf: "<c r=\"\(reference)\" t=\"e\"><v>".utf8)
                XMLText.escape(code, into: &sheet.buffer)
                sheet.buffer.append(contentsOf: "</v></c>".utf8)
            }
            sheet.maxColumn = max(sheet.maxColumn, column)
        }
        sheet.buffer.append(contentsOf: "</row>".utf8)
        if sheet.buffer.count >= 1 << 16 { try flush(sheet) }
    }

    /// Merges a range of the current sheet (its value is the top-left cell's).
    public func merge(_ range: CellRange) {
        sheets.last?.merges.append(range)
    }

    /// Writes the archive and moves it into place.
    ///
    /// - Throws: ``WorkbookError`` `unwritable`; the destination is then left as it was.
    public func close() throws {
        guard !closed else { return }
        closed = true
        defer { discard() }
        for sheet in sheets { try flush(sheet) }
        for sheet in sheets { try? sheet.handle.close() }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            let archive = try Archive(url: temporary, accessMode: .create)
            try add(Data(Self.contentTypes(sheets: sheets.count, shared: stringMode == .shared).utf8),
                    "[Content_Types].xml", to: archive)
            try add(Data(Self.rootRelationships.utf8), "_rels/.rels", to: archive)
            try add(Data(Self.workbookPart(sheets.map(\.name)).utf8), "xl/workbook.xml", to: archive)
            try add(Data(Self.workbookRelationships(sheets: sheets.count, shared: stringMode == .shared).utf8),
                    "xl/_rels/workbook.xml.rels", to: archive)
            try add(Data(Self.styles.utf8), "xl/styles.xml", to: archive)
            if stringMode == .shared { try add(sharedStringsPart(), "xl/sharedStrings.xml", to: archive) }
            for (index, sheet) in sheets.enumerated() {
                try addSheet(sheet, path: "xl/worksheets/sheet\(index + 1).xml", to: archive)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error as? WorkbookError ?? WorkbookError(.unwritable, "cannot write \(url.lastPathComponent)")
        }
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary.path)
        if rename(temporary.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw WorkbookError(.unwritable, "cannot move the workbook into place at \(url.path)")
        }
    }

    // MARK: Parts

    private func flush(_ sheet: SheetBuffer) throws {
        guard !sheet.buffer.isEmpty else { return }
        do {
            try sheet.handle.write(contentsOf: sheet.buffer)
        } catch {
            throw WorkbookError(.unwritable, "cannot write the sheet to \(url.deletingLastPathComponent().path)")
        }
        sheet.buffer.removeAll(keepingCapacity: true)
    }

    private func discard() {
        for sheet in sheets {
            try? sheet.handle.close()
            try? FileManager.default.removeItem(at: sheet.url)
        }
    }

    private func add(_ data: Data, _ path: String, to archive: Archive) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                             compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<(Int(position) + size))
        }
    }

    private func addSheet(_ sheet: SheetBuffer, path: String, to archive: Archive) throws {
        let lastColumn = max(sheet.maxColumn, 0)
        let dimension = sheet.rows == 0 ? "A1"
            : "A1:" + CellReference.name(column: lastColumn, row: sheet.rows)
        let head = Data(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<worksheet xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipNamespace)\">"
            + "<dimension ref=\"\(dimension)\"/><sheetData>").utf8)
        var tail = "</sheetData>"
        if !sheet.merges.isEmpty {
            tail += "<mergeCells count=\"\(sheet.merges.count)\">"
                + sheet.merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>"
        }
        let foot = Data((tail + "</worksheet>").utf8)
        let bodySize = ((try? FileManager.default.attributesOfItem(atPath: sheet.url.path)[.size]) as? NSNumber)?
            .intValue ?? 0
        guard let body = try? FileHandle(forReadingFrom: sheet.url) else {
            throw WorkbookError(.unwritable, "cannot read back the sheet's temporary file")
        }
        defer { try? body.close() }
        let total = head.count + bodySize + foot.count
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(total),
                             compressionMethod: .deflate, bufferSize: 1 << 16) { position, size in
            var out = Data()
            var offset = Int(position)
            let end = offset + size
            while offset < end {
                if offset < head.count {
                    let upTo = min(end, head.count)
                    out.append(head.subdata(in: offset..<upTo))
                    offset = upTo
                } else if offset < head.count + bodySize {
                    let upTo = min(end, head.count + bodySize)
                    try body.seek(toOffset: UInt64(offset - head.count))
                    let chunk = try body.read(upToCount: upTo - offset) ?? Data()
                    guard !chunk.isEmpty else { throw WorkbookError(.unwritable, "the sheet's temporary file shrank") }
                    out.append(chunk)
                    offset += chunk.count
                } else {
                    let start = offset - head.count - bodySize
                    let upTo = min(end - head.count - bodySize, foot.count)
                    out.append(foot.subdata(in: start..<upTo))
                    offset = end
                }
            }
            return out
        }
    }

    private func sharedStringsPart() -> Data {
        var out: [UInt8] = Array(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<sst xmlns=\"\(Self.mainNamespace)\" count=\"\(sharedList.count)\" uniqueCount=\"\(sharedList.count)\">")
            .utf8)
        for text in sharedList {
            out.append(contentsOf: "<si><t xml:space=\"preserve\">".utf8)
            XMLText.escape(text, into: &out)
            out.append(contentsOf: "</t></si>".utf8)
        }
        out.append(contentsOf: "</sst>".utf8)
        return Data(out)
    }

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"

    static func contentTypes(sheets: Int, shared: Bool) -> String {
        let main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(main).sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(main).styles+xml\"/>"
        if shared {
            text += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(main).sharedStrings+xml\"/>"
        }
        for index in 1...sheets {
            text += "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"\(main).worksheet+xml\"/>"
        }
        return text + "</Types>"
    }

    static let rootRelationships = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        + "<Relationships xmlns=\"\(packageRelationships)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    static func workbookPart(_ names: [String]) -> String {
        var out: [UInt8] = Array(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\"><sheets>").utf8)
        for (index, name) in names.enumerated() {
            out.append(contentsOf: "<sheet name=\"".utf8)
            XMLText.escape(name, into: &out)
            out.append(contentsOf: "\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>".utf8)
        }
        out.append(contentsOf: "</sheets></workbook>".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    static func workbookRelationships(sheets: Int, shared: Bool) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<Relationships xmlns=\"\(packageRelationships)\">"
        for index in 1...sheets {
            text += "<Relationship Id=\"rId\(index)\" Type=\"\(relationshipNamespace)/worksheet\" "
                + "Target=\"worksheets/sheet\(index).xml\"/>"
        }
        text += "<Relationship Id=\"rId\(sheets + 1)\" Type=\"\(relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
        if shared {
            text += "<Relationship Id=\"rId\(sheets + 2)\" Type=\"\(relationshipNamespace)/sharedStrings\" "
                + "Target=\"sharedStrings.xml\"/>"
        }
        return text + "</Relationships>"
    }

    /// Style 0 is General, style 1 a short date (built-in format 14), style 2 text (`@`).
    static let styles = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        + "<styleSheet xmlns=\"\(mainNamespace)\">"
        + "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
        + "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"

    /// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty, unique.
    static func sheetName(_ name: String, taken: Set<String>) -> String {
        var clean = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        if clean.trimmingCharacters(in: .whitespaces).isEmpty { clean = "Sheet\(taken.count + 1)" }
        var candidate = clean
        var suffix = 2
        while taken.contains(where: { $0.lowercased() == candidate.lowercased() }) {
            candidate = String(clean.prefix(27)) + " (\(suffix))"
            suffix += 1
        }
        return candidate
    }
}
