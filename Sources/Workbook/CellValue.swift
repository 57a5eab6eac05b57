/// The value of one cell, typed as the workbook stores it.
public enum CellValue: Sendable, Hashable {
    case empty
    /// A shared, inline or formula string.
    case text(String)
    /// A number, as the shortest decimal that reads back as the stored value: `79161234567`, not `7.92E+10` as a
    /// narrow column shows it, nor `79161234567.0`.
    case number(String)
    /// A number formatted as a date or time.
    case date(ExcelDate)
    case bool(Bool)
    /// An error value such as `#N/A`.
    case error(String)

    /// The cell as text for an importer: numbers in full, dates in ISO 8601, booleans as `true`/`false`, errors
    /// and empty cells as the empty string.
    public var text: String {
        switch self {
        case .empty, .error: ""
        case .text(let text): text
        case .number(let number): number
        case .date(let date): date.description
        case .bool(let value): value ? "true" : "false"
        }
    }

    /// Whether the cell holds nothing (or only blanks).
    public var isBlank: Bool {
        switch self {
        case .empty: true
        case .text(let text): text.allSatisfy(\.isWhitespace)
        default: false
        }
    }

    /// A number cell from the literal stored in the sheet (`79161234567`, `7.9161234567E10`, `47893.379999999997`).
    ///
    /// Integers up to 15 digits are written out in full; other values as the shortest decimal that round-trips.
    static func number(literal: String) -> CellValue? {
        let trimmed = literal.trimmingCharacters(in: " ")
        guard let value = Double(trimmed), value.isFinite else { return nil }
        return .number(canonical(value))
    }

    /// The shortest decimal text of a double, integers without a fraction or exponent.
    static func canonical(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }
}

private extension String {
    func trimmingCharacters(in character: Character) -> String {
        var slice = self[...]
        while slice.first == character { slice = slice.dropFirst() }
        while slice.last == character { slice = slice.dropLast() }
        return String(slice)
    }
}
