import Gateway
import Foundation
import Intake
import Workbook

/// The rows of one sheet of an `.xlsx` workbook, streamed by ``Workbook/Workbook``.
///
/// The header is the first of the sheet's leading rows that names a person's columns, so a title row above it
/// (often merged across the table) is passed over. Merged header cells count for every column they cover: a
/// two-row header (`Контакты` over `Телефон` and `Email`, `ФИО` merged down both rows) reads as its lower row,
/// and a label merged across several columns names the first one, the others becoming `LABEL (2)`, ... (not
/// imported unless mapped). Data cells become text as the importer expects it: numbers in full (a phone stored as
/// a number keeps every digit), dates in ISO 8601, booleans as `true`/`false`.
final class WorkbookRowSource: ImportRowSource {
    /// How many leading non-blank rows may be tried as the header.
    static let headerCandidates = 10

    private let workbook: Workbook
    private let sheet: Workbook.Sheet
    private let fileName: String
    private var layout = SheetLayout(dimension: nil, merges: [])
    private var width = 0
    private(set) var headerRow = 1
    private var extraColumns: Set<Int> = []

    let format = "xlsx"
    let encodingName = "xlsx"
    var layoutName: String { "sheet:\(sheet.name)" }
    var sheetName: String? { sheet.name }

    var unnamedColumns: [String] {
        extraColumns.sorted().map { "column \(CellReference.letters(ofColumn: $0)) (no header)" }
    }

    /// Opens a workbook and picks its sheet (``ImportOptions/sheet`` by name, or the first visible one).
    ///
    /// A sheet that inflates to more than ``ImportOptions/maxSheetBytes`` is refused here, before any of it is
    /// read; one with more rows than ``ImportOptions/maxSheetRows`` when its used range or its rows say so.
    /// - Throws: ``GatewayError`` `malformedInput` (not a workbook, damaged, too large) or `invalidArgument` (no
    ///   such sheet).
    init(url: URL, options: ImportOptions) throws {
        fileName = url.lastPathComponent
        do {
            workbook = try Workbook(url: url, sheetSizeLimit: options.maxSheetBytes, rowLimit: options.maxSheetRows)
            sheet = try workbook.sheet(named: options.sheet)
            try workbook.refuseIfTooLarge(sheet)
        } catch let error as WorkbookError {
            throw GatewayError(error.code == .noSuchSheet ? .invalidArgument : .malformedInput,
                               "\(fileName): \(error.message)")
        }
    }

    func readHeader(score: ([String]) -> Int?) throws -> [String] {
        var candidates: [SheetRow] = []
        do {
            layout = try workbook.layout(of: sheet)
            if let rows = layout.dimension?.rows, rows.upperBound > workbook.rowLimit {
                throw WorkbookError(.tooLarge, "sheet \"\(sheet.name)\" declares \(rows.upperBound) rows, more than the "
                    + "limit of \(workbook.rowLimit); it was not imported. Split it into smaller workbooks or export "
                    + "it as CSV")
            }
            for row in try workbook.firstRows(of: sheet, count: 10 * Self.headerCandidates) where !row.isBlank {
                candidates.append(row)
                if candidates.count == Self.headerCandidates { break }
            }
        } catch let error as WorkbookError {
            throw GatewayError(.malformedInput, "\(fileName): \(error.message)")
        }
        guard !candidates.isEmpty else {
            throw GatewayError(.malformedInput,
                "\(fileName): sheet \"\(sheet.name)\" holds no rows; expected a header row and customers below it")
        }
        var best: (index: Int, labels: [String], score: Int)?
        var first: [String]?
        for index in candidates.indices {
            let labels = headerLabels(candidates, headerIndex: index)
            if first == nil && labels.filter({ !$0.isEmpty }).count >= 2 { first = labels }
            if let value = score(labels), value > (best?.score ?? 0) { best = (index, labels, value) }
        }
        guard let best else {
            let fallback = first ?? headerLabels(candidates, headerIndex: 0)
            headerRow = candidates[0].number
            width = fallback.count
            return fallback
        }
        headerRow = candidates[best.index].number
        width = best.labels.count
        return best.labels.enumerated().map { $1.isEmpty ? "column \(CellReference.letters(ofColumn: $0))" : $1 }
    }

    func forEachRow(_ body: (ImportRowStep, Int, Int) throws -> Void) throws {
        let headerRow = self.headerRow
        let width = self.width
        let total = sheet.size
        var done = 0
        do {
            try workbook.readRows(of: sheet, progress: { done = $0 }) { row in
                guard row.number > headerRow, !row.isBlank else { return }
                var fields: [String] = []
                fields.reserveCapacity(width)
                for column in 0..<width { fields.append(row[column].text) }
                if row.cells.count > width {
                    for column in width..<row.cells.count where !row.cells[column].isBlank {
                        extraColumns.insert(column)
                    }
                }
                try body(.record(CSVRecord(number: row.number, line: row.number, fields: fields)), done, total)
            }
        } catch let error as WorkbookError {
            throw GatewayError(.malformedInput, "\(fileName): \(error.message); nothing was imported")
        }
    }

    /// The labels of the header at `candidates[headerIndex]`. A merged cell labels every column and row it
    /// covers (repeats across columns are numbered: `Телефон (2)`); an empty cell takes the label of the cell
    /// above it when that one labels its column alone (a two-row header); titles and group labels spanning
    /// several columns do not name a column.
    private func headerLabels(_ candidates: [SheetRow], headerIndex: Int) -> [String] {
        let header = candidates[headerIndex]
        let lastColumn = max(header.cells.count, layout.dimension.map { $0.columns.upperBound + 1 } ?? 0)
        var labels: [String] = []
        for column in 0..<lastColumn {
            var label = self.label(in: candidates, at: headerIndex, column: column).label
            if label.isEmpty && headerIndex > 0 {
                let above = self.label(in: candidates, at: headerIndex - 1, column: column)
                if above.spans == 1 { label = above.label }
            }
            labels.append(label)
        }
        while labels.last?.isEmpty == true { labels.removeLast() }
        return labels
    }

    /// The label of one cell of a candidate row, filled from a merged range that covers it, and how many columns
    /// that range spans; a repeat across columns is numbered.
    private func label(in candidates: [SheetRow], at index: Int, column: Int) -> (label: String, spans: Int) {
        let row = candidates[index]
        guard let range = layout.merges.first(where: { $0.rows.contains(row.number) && $0.columns.contains(column) })
        else {
            return (row[column].text.trimmingCharacters(in: .whitespacesAndNewlines), 1)
        }
        guard let origin = candidates.first(where: { $0.number == range.rows.lowerBound }) else { return ("", 1) }
        let text = origin[range.columns.lowerBound].text.trimmingCharacters(in: .whitespacesAndNewlines)
        let position = column - range.columns.lowerBound + 1
        return (text.isEmpty || position == 1 ? text : "\(text) (\(position))", range.columns.count)
    }
}
