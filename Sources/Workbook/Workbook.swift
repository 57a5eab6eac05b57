public import Foundation
import ZIPFoundation

/// An `.xlsx` workbook opened for reading, whose sheets stream row by row.
///
/// Opening reads the small parts: the sheet list, the number formats (to tell dates from numbers) and the shared
/// string table. A sheet is never held in memory: ``readRows(of:_:)`` inflates it in chunks and hands each row to
/// its caller as soon as the row is complete.
///
/// ```swift
/// let workbook = try Workbook(url: file)
/// try workbook.readRows(of: workbook.sheets[0]) { row in
///     print(row.number, row.cells.count)
/// }
/// ```
public final class Workbook {
    /// One worksheet of the workbook.
    public struct Sheet: Sendable, Equatable {
        /// The name on its tab.
        public var name: String
        /// Whether the tab is hidden.
        public var hidden: Bool
        /// The archive path of its XML part.
        public var part: String
        /// Its uncompressed size in bytes (for progress).
        public var size: Int
    }

    /// The largest shared string table accepted: 256 MiB of text.
    public static let sharedStringsLimit = 256 << 20
    /// The largest inflated sheet read by default: 1 GiB of XML.
    public static let defaultSheetSizeLimit = 1 << 30
    /// The most rows a sheet may have by default: Excel's own limit.
    public static let defaultRowLimit = 1_048_576

    /// The largest inflated sheet XML read, in bytes: a sheet whose archive entry declares more is refused before
    /// any of it is read, and inflating stops there whatever the entry declares.
    public let sheetSizeLimit: Int
    /// The most rows read from a sheet (by row number).
    public let rowLimit: Int
    /// The chunk size the sheet is inflated in.
    static let chunkSize = 1 << 16

    /// The worksheets in tab order.
    public let sheets: [Sheet]
    /// Whether serial dates count from 1904 (old Mac workbooks) rather than 1900.
    public let date1904: Bool
    /// The compressed size of the file in bytes.
    public let fileSize: Int

    private let archive: Archive
    private let sharedStrings: SharedStrings
    private let styles: CellStyles

    /// Opens a workbook.
    ///
    /// - Parameters:
    ///   - sheetSizeLimit: The largest inflated sheet read (``sheetSizeLimit``).
    ///   - rowLimit: The most rows read from a sheet (``rowLimit``).
    /// - Throws: ``WorkbookError`` `unreadableFile`, `notAWorkbook` (not a ZIP archive, or an `.xls`/`.xlsb`/
    ///   `.ods` file), `malformed` or `tooLarge`.
    public init(url: URL, sheetSizeLimit: Int = Workbook.defaultSheetSizeLimit,
                rowLimit: Int = Workbook.defaultRowLimit) throws {
        self.sheetSizeLimit = sheetSizeLimit
        self.rowLimit = rowLimit
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        guard let size = (attributes?[.size] as? NSNumber)?.intValue else {
            throw WorkbookError(.unreadableFile, "cannot read \(url.lastPathComponent)")
        }
        fileSize = size
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw WorkbookError(.notAWorkbook, "\(url.lastPathComponent) is not an .xlsx workbook (not a ZIP archive); "
                + "save it from Excel or LibreOffice as \"Excel Workbook (.xlsx)\"")
        }
        self.archive = archive
        let workbookPath = try Self.officeDocument(in: archive)
        guard workbookPath.hasSuffix(".xml") else {
            throw WorkbookError(.notAWorkbook, "\(url.lastPathComponent) is a binary workbook (.xlsb); save it as .xlsx")
        }
        var workbookPart = WorkbookPartParser()
        try Self.parse(workbookPath, in: archive, with: &workbookPart)
        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/"
            + (workbookPath.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels"
        var rels = RelationshipsParser()
        try Self.parse(relsPath, in: archive, with: &rels)
        var sheets: [Sheet] = []
        for sheet in workbookPart.sheets {
            guard let rel = rels.relationships.first(where: { $0.id == sheet.relationship }),
                rel.type.hasSuffix("/worksheet")
            else { continue }  // chart sheets and dialog sheets hold no rows
            let part = RelationshipsParser.resolve(rel.target, from: folder)
            guard let entry = Self.entry(part, in: archive) else {
                throw WorkbookError(.malformed, "the workbook lists sheet \"\(sheet.name)\" but its part is missing")
            }
            sheets.append(Sheet(name: sheet.name, hidden: sheet.hidden, part: entry.path,
                                size: Int(entry.uncompressedSize)))
        }
        guard !sheets.isEmpty else { throw WorkbookError(.malformed, "the workbook has no worksheet") }
        self.sheets = sheets
        date1904 = workbookPart.date1904
        var strings = SharedStringsParser(limit: Self.sharedStringsLimit)
        if let rel = rels.relationships.first(where: { $0.type.hasSuffix("/sharedStrings") }) {
            try Self.parse(RelationshipsParser.resolve(rel.target, from: folder), in: archive, with: &strings)
        }
        sharedStrings = strings.table
        var styles = CellStylesParser()
        if let rel = rels.relationships.first(where: { $0.type.hasSuffix("/styles") }) {
            try Self.parse(RelationshipsParser.resolve(rel.target, from: folder), in: archive, with: &styles)
        }
        self.styles = styles.styles
    }

    /// The sheet with a name (compared without regard to case), or the first visible sheet for `nil`.
    ///
    /// - Throws: ``WorkbookError`` `noSuchSheet`, listing the sheets there are.
    public func sheet(named name: String?) throws -> Sheet {
        if let name {
            if let sheet = sheets.first(where: { $0.name == name })
                ?? sheets.first(where: { $0.name.lowercased() == name.lowercased() })
            {
                return sheet
            }
            throw WorkbookError(.noSuchSheet, "the workbook has no sheet \"\(name)\"; its sheets are "
                + sheets.map { "\"\($0.name)\"" }.joined(separator: ", "))
        }
        return sheets.first { !$0.hidden } ?? sheets[0]
    }

    /// Streams the rows of a sheet in file order (rows the sheet does not store are skipped).
    ///
    /// - Parameters:
    ///   - sheet: One of ``sheets``.
    ///   - progress: Called after each chunk with the bytes of sheet XML read so far.
    ///   - body: Called with each row; throw to stop reading (the error is rethrown).
    /// - Returns: What the sheet declares after its rows: its merged ranges and used range.
    @discardableResult
    public func readRows(
        of sheet: Sheet, progress: ((Int) -> Void)? = nil, _ body: (SheetRow) throws -> Void
    ) throws -> SheetLayout {
        try refuseIfTooLarge(sheet)
        let rowLimit = self.rowLimit
        return try withoutActuallyEscaping(body) { body in
            var parser = SheetParser(sharedStrings: sharedStrings, styles: styles, date1904: date1904,
                                     part: sheet.name, onRow: { row in
                guard row.number <= rowLimit else {
                    throw WorkbookError(.tooLarge, "sheet \"\(sheet.name)\" has more than \(rowLimit) rows; it was not "
                        + "imported. Split it into smaller workbooks or export it as CSV")
                }
                try body(row)
            })
            try Self.parse(sheet.part, in: archive, with: &parser, limit: sheetSizeLimit, progress: progress)
            return SheetLayout(dimension: parser.dimension, merges: parser.merges)
        }
    }

    /// Reads the whole sheet for what it declares after its rows (merged ranges), without building the rows.
    public func layout(of sheet: Sheet) throws -> SheetLayout {
        try refuseIfTooLarge(sheet)
        var parser = SheetParser(sharedStrings: SharedStrings(), styles: CellStyles(), date1904: date1904,
                                 part: sheet.name, onRow: { _ in })
        parser.skipsCells = true
        try Self.parse(sheet.part, in: archive, with: &parser, limit: sheetSizeLimit)
        return SheetLayout(dimension: parser.dimension, merges: parser.merges)
    }

    /// The first `count` rows of a sheet, reading no further than needed.
    public func firstRows(of sheet: Sheet, count: Int) throws -> [SheetRow] {
        var rows: [SheetRow] = []
        do {
            try readRows(of: sheet) { row in
                rows.append(row)
                if rows.count >= count { throw StopReading() }
            }
        } catch is StopReading {}
        return rows
    }

    private struct StopReading: Error {}

    /// Refuses a sheet whose archive entry declares more inflated bytes than ``sheetSizeLimit``, before reading it.
    ///
    /// - Throws: ``WorkbookError`` `tooLarge`, naming the sheet, its size and the limit.
    public func refuseIfTooLarge(_ sheet: Sheet) throws {
        guard sheet.size > sheetSizeLimit else { return }
        throw WorkbookError(.tooLarge, "sheet \"\(sheet.name)\" inflates to \(Self.megabytes(sheet.size)) MB, above the "
            + "limit of \(Self.megabytes(sheetSizeLimit)) MB; it was not read. Split it into smaller workbooks or export "
            + "it as CSV")
    }

    static func megabytes(_ bytes: Int) -> Int { (bytes + (1 << 20) - 1) >> 20 }

    // MARK: Parts

    private static func officeDocument(in archive: Archive) throws -> String {
        if entry("_rels/.rels", in: archive) != nil {
            var rels = RelationshipsParser()
            try parse("_rels/.rels", in: archive, with: &rels)
            if let document = rels.relationships.first(where: { $0.type.hasSuffix("/officeDocument") }) {
                return RelationshipsParser.resolve(document.target, from: "")
            }
        }
        guard entry("xl/workbook.xml", in: archive) != nil else {
            let isODS = entry("content.xml", in: archive) != nil
            throw WorkbookError(.notAWorkbook, isODS
                ? "the file is an OpenDocument spreadsheet (.ods); save it as .xlsx"
                : "the archive holds no workbook (xl/workbook.xml); save the file as .xlsx")
        }
        return "xl/workbook.xml"
    }

    private static func entry(_ path: String, in archive: Archive) -> Entry? {
        if let entry = archive[path] { return entry }
        let lowered = path.lowercased()
        return archive.first { $0.path.lowercased() == lowered }
    }

    /// Inflates a part in chunks through `handler`.
    ///
    /// - Parameter limit: The most inflated bytes read: a part that inflates to more (whatever its entry declares)
    ///   stops with `tooLarge`.
    static func parse(
        _ path: String, in archive: Archive, with handler: inout some XMLScannerHandler, limit: Int = .max,
        progress: ((Int) -> Void)? = nil
    ) throws {
        guard let entry = entry(path, in: archive) else {
            throw WorkbookError(.malformed, "the workbook has no part \(path)")
        }
        var scanner = XMLScanner(part: path)
        do {
            var inflated = 0
            _ = try archive.extract(entry, bufferSize: chunkSize, skipCRC32: false) { data in
                inflated += data.count
                guard inflated <= limit else {
                    throw WorkbookError(.tooLarge, "\(path) inflates to more than \(megabytes(limit)) MB; it was not "
                        + "imported. Split the workbook or export the sheet as CSV")
                }
                try data.withUnsafeBytes { bytes in try scanner.feed(bytes, to: &handler) }
                progress?(scanner.bytesScanned)
            }
        } catch let error as WorkbookError {
            throw error
        } catch let error as Archive.ArchiveError {
            throw WorkbookError(.malformed, "\(path) cannot be read from the archive (\(error)); the file is damaged")
        } catch where String(describing: type(of: error)).contains("CompressionError") {
            throw WorkbookError(.malformed, "\(path) cannot be inflated; the file is damaged")
        }
        try scanner.finish(to: &handler)
    }
}

/// What a sheet declares besides its cells.
public struct SheetLayout: Sendable, Equatable {
    /// The used range, if the sheet states it.
    public var dimension: CellRange?
    /// Merged cell ranges; only the top-left cell of each holds the value.
    public var merges: [CellRange]

    public init(dimension: CellRange? = nil, merges: [CellRange] = []) {
        self.dimension = dimension
        self.merges = merges
    }
}
