/// One record of a CSV file: the header or a data row.
///
/// Fields hold personal data: log ``number`` and ``line``, never ``fields``.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based record number: the header is record 1. A quoted field spanning several lines does not start a
    /// new record, and fully empty lines are not records.
    public let number: Int
    /// The 1-based physical line the record starts on.
    public let line: Int
    /// The decoded fields, unquoted, with `""` turned into `"`; line breaks inside quoted fields are kept as they
    /// are in the file.
    public let fields: [String]

    /// Creates a record, as the reader does; useful in tests and for records built from other sources.
    public init(number: Int, line: Int, fields: [String]) {
        self.number = number
        self.line = line
        self.fields = fields
    }
}
