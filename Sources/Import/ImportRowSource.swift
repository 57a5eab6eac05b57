import Gateway
import Intake

/// One step of reading an import file.
enum ImportRowStep: Sendable {
    /// A data row: its number in the file (the header is row 1 in a CSV file; a workbook keeps Excel's numbers)
    /// and one text per header column.
    case record(CSVRecord)
    /// A row that cannot be decoded (its encoding: `bad_encoding`, `mixed_encoding`); it is rejected and reading
    /// goes on.
    case undecodable(row: Int, reason: String, message: String)
}

/// Where the rows of an import come from: a CSV export or a sheet of a workbook.
///
/// The importer reads the header once, then is handed every data row in order. Sources stream: neither holds the
/// file in memory.
protocol ImportRowSource: AnyObject {
    /// The file format as the report names it: `csv` or `xlsx`.
    var format: String { get }
    /// The text encoding (`utf8`, `windows1251`; `xlsx` for a workbook).
    var encodingName: String { get }
    /// The delimiter (`;`, `,`, `tab`) or, for a workbook, `sheet:NAME`.
    var layoutName: String { get }
    /// The sheet read, for a workbook.
    var sheetName: String? { get }
    /// The row number of the header.
    var headerRow: Int { get }
    /// Columns without a header that hold data, found while reading (`column Q`); they are not imported.
    var unnamedColumns: [String] { get }

    /// Reads the header row.
    ///
    /// - Parameter score: How many columns a candidate header maps, or nil when no person can be read with it. A
    ///   workbook whose first rows are a title or a two-row header takes its best candidate (a CSV file's header
    ///   is its first record).
    /// - Throws: ``GatewayError`` `malformedInput`.
    func readHeader(score: ([String]) -> Int?) throws -> [String]

    /// Calls `body` with every data row after the header and the position reached (done, total), for progress.
    func forEachRow(_ body: (ImportRowStep, _ done: Int, _ total: Int) throws -> Void) throws
}
