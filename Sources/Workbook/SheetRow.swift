/// One row of a sheet, as the reader streams it.
public struct SheetRow: Sendable, Equatable {
    /// The 1-based row number Excel shows.
    public var number: Int
    /// The cells by 0-based column, up to the last cell the row stores; cells it does not store are ``CellValue/empty``.
    public var cells: [CellValue]

    public init(number: Int, cells: [CellValue]) {
        self.number = number
        self.cells = cells
    }

    /// The cell in a 0-based column (empty past the row's end).
    public subscript(column: Int) -> CellValue {
        column < cells.count ? cells[column] : .empty
    }

    /// Whether every cell is blank.
    public var isBlank: Bool { cells.allSatisfy(\.isBlank) }
}
