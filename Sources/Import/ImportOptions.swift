public import Intake

/// How to read an import file.
public struct ImportOptions: Sendable {
    /// Extra header mappings, `"Мобильный" -> "phone"`; they win over the catalogue's aliases.
    public var columnMappings: [String: String]
    /// Forced encoding; nil detects UTF-8 (with or without BOM) or Windows-1251.
    public var encoding: TextEncoding?
    /// Forced delimiter byte; nil detects `;`, `,` or tab from the header.
    public var delimiter: UInt8?
    /// Evidence attested for the file's consent column ("signed forms, archive 2023"); without it imported
    /// consent is recorded as unproven legacy consent.
    public var consentEvidence: String?
    /// Rows per progress report.
    public var progressInterval: Int
    /// The sheet to read from a workbook (by name); nil reads the first visible sheet.
    public var sheet: String?
    /// Whether the file's values replace values of existing people changed after the import that wrote them (by a
    /// rectification, the person or a form), and its "no" withdraws a consent given through another channel.
    /// Off by default: a re-import never goes back in time. A "yes" never re-creates consent after a withdrawal.
    public var overwriteNewer = false
    /// The most rejected rows written to the rejects report; the rest are counted in the summary.
    public var maxRejectsWritten = 100_000
    /// The share of rejected rows (0...1) above which an import stops, imports nothing and says why, once it has
    /// read ``rejectShareMinimumRows`` rows (a file read with the wrong mapping or encoding, or a hostile one).
    public var maxRejectShare = 0.5
    /// Rows read before ``maxRejectShare`` applies (a small file is imported whatever its share).
    public var rejectShareMinimumRows = 1_000
    /// The largest inflated sheet of a workbook read, in bytes: a larger one is refused before it is read.
    public var maxSheetBytes = 1 << 30
    /// The most rows a workbook sheet may have (Excel's own limit by default).
    public var maxSheetRows = 1_048_576

    public init(
        columnMappings: [String: String] = [:], encoding: TextEncoding? = nil, delimiter: UInt8? = nil,
        consentEvidence: String? = nil, progressInterval: Int = 2_000
    ) {
        self.columnMappings = columnMappings
        self.encoding = encoding
        self.delimiter = delimiter
        self.consentEvidence = consentEvidence
        self.progressInterval = progressInterval
    }

    /// Options for a sheet of a workbook.
    public init(columnMappings: [String: String] = [:], sheet: String?, consentEvidence: String? = nil) {
        self.init(columnMappings: columnMappings, consentEvidence: consentEvidence)
        self.sheet = sheet
    }
}
