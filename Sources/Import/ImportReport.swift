/// What an import did, as printed by `pdgate import --json` and saved next to the rejects report.
///
/// Holds counts, row numbers, column names and pseudonyms only — no personal values.
public struct ImportReport: Sendable, Codable, Equatable {
    /// A row that was not imported, and why.
    public struct Rejection: Sendable, Codable, Equatable {
        /// Record number in the file (the header is row 1).
        public var row: Int
        /// The field at fault, if one is.
        public var field: String?
        /// `short_row`, `no_name`, `no_contact`, `too_long`, `bad_email`, `bad_phone`, `bad_date`, ...
        public var reason: String
        /// What is wrong and how to fix it.
        public var message: String
    }

    /// A row skipped because its e-mail or phone is on the suppression list (not an error).
    public struct SuppressedRow: Sendable, Codable, Equatable {
        public var row: Int
        /// Why the address is suppressed: `erasure` or `objection`.
        public var reason: String
    }

    /// A row that shares a phone with an existing person whose name differs: kept apart, listed for review.
    public struct PossibleDuplicate: Sendable, Codable, Equatable {
        public var row: Int
        public var subject: String
        public var existing: String
        public var reason: String
    }

    /// Rows of one person whose consent answers disagree; resolved to "no".
    public struct ConsentConflict: Sendable, Codable, Equatable {
        public var subject: String
        public var purpose: String
        public var rows: [Int]
    }

    public var version = 1
    public var run: Int64
    public var file: String
    public var sha256: String
    public var encoding: String
    public var delimiter: String
    /// `csv` or `xlsx`.
    public var format = "csv"
    /// The sheet read from a workbook.
    public var sheet: String?
    /// The row holding the header (a workbook may have a title above it).
    public var headerRow = 1
    public var rows = 0
    public var imported = 0
    public var merged = 0
    /// Merged rows that changed the stored person (a new or different value written).
    public var mergedChanged = 0
    /// By field: values left in place because they changed after the import that wrote them (rerun with
    /// `--overwrite-newer` to let the file win).
    public var keptNewer: [String: Int] = [:]
    public var rejected = 0
    /// Rows skipped because the person was erased at their request or objected (suppression list).
    public var suppressed = 0
    public var suppressedRows: [SuppressedRow] = []
    public var rejectedByReason: [String: Int] = [:]
    public var ignoredColumns: [String] = []
    public var consentGiven = 0
    public var consentWithdrawn = 0
    public var consentUnproven = 0
    /// Consent answers of the file not applied because the ledger holds a newer choice (a proven consent or a
    /// withdrawal recorded through another channel).
    public var consentKeptNewer = 0
    public var consentConflicts: [ConsentConflict] = []
    public var possibleDuplicates: [PossibleDuplicate] = []
    /// The first rejected rows (at most ``rejectionsPreview``), for display; every row written is in the rejects
    /// report (``rejectsFile``), not in the summary.
    public var rejections: [Rejection] = []
    /// Rejected rows written to the rejects report.
    public var rejectsWritten = 0
    /// Rejected rows past ``ImportOptions/maxRejectsWritten``: counted, not written.
    public var rejectsNotWritten = 0
    public var rejectsFile: String?
    public var summaryFile: String?
    public var seconds: Double = 0

    /// How many rejected rows ``rejections`` keeps.
    public static let rejectionsPreview = 100

    enum CodingKeys: String, CodingKey {
        case version, run, file, sha256, encoding, delimiter, format, sheet, headerRow, rows, imported, merged
        case mergedChanged, keptNewer, rejected, suppressed, suppressedRows, rejectedByReason, ignoredColumns
        case consentGiven, consentWithdrawn, consentUnproven, consentKeptNewer, consentConflicts, possibleDuplicates
        case rejectsWritten, rejectsNotWritten, rejectsFile, summaryFile, seconds
    }
}

extension ImportReport.Rejection: Error {}
