/// A table of a ``RenderableDocument``: a header row and rows of cells made of inline runs.
struct DocumentTable: Equatable {
    /// How the table is drawn.
    enum Style: Equatable {
        /// A data table.
        case data
        /// A narrow data table (a numbered list of fields, two columns): as wide as its content, at least half the
        /// page.
        case compact
        /// Blank rows to fill in by hand: tall cells for positions, names and signatures.
        case signatures
    }

    /// The column headings.
    var headers: [String]
    /// The rows; each has one cell per column.
    var rows: [[[DocumentInline]]]
    var style: Style = .data

    /// Creates a table whose cells are plain text.
    init(headers: [String], textRows: [[String]], style: Style = .data) {
        self.headers = headers
        self.rows = textRows.map { row in row.map { [.text($0)] } }
        self.style = style
    }

    /// Creates a table whose cells are inline runs.
    init(headers: [String], rows: [[[DocumentInline]]], style: Style = .data) {
        self.headers = headers
        self.rows = rows
        self.style = style
    }
}
