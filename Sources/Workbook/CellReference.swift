/// A1-style cell references: column letters and row numbers.
public enum CellReference {
    /// The 0-based column of a reference such as `AB12` (27), or nil when it does not start with letters.
    public static func column(of reference: some StringProtocol) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"): column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
            case UInt8(ascii: "$") where letters == 0: continue
            default:
                return letters == 0 || column > 16_384 ? nil : column - 1
            }
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : column - 1
    }

    /// The 1-based row of a reference such as `AB12` (12), or nil.
    public static func row(of reference: some StringProtocol) -> Int? {
        let digits = reference.utf8.drop { !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard !digits.isEmpty, digits.count <= 7,
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    /// The letters of a 0-based column: 0 is `A`, 26 is `AA`.
    public static func letters(ofColumn column: Int) -> String {
        var value = column + 1
        var scalars: [Unicode.Scalar] = []
        while value > 0 {
            let remainder = (value - 1) % 26
            scalars.append(Unicode.Scalar(UInt8(ascii: "A") + UInt8(remainder)))
            value = (value - 1) / 26
        }
        return String(String.UnicodeScalarView(scalars.reversed()))
    }

    /// A reference such as `C7` from a 0-based column and a 1-based row.
    public static func name(column: Int, row: Int) -> String {
        letters(ofColumn: column) + String(row)
    }
}

/// A rectangle of cells, as `mergeCell` elements give them (`A1:C2`).
public struct CellRange: Sendable, Hashable, CustomStringConvertible {
    /// 1-based rows, first and last.
    public var rows: ClosedRange<Int>
    /// 0-based columns, first and last.
    public var columns: ClosedRange<Int>

    public init(rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        self.rows = rows
        self.columns = columns
    }

    /// Parses `A1:C2` (or a single cell `B3`).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":")
        guard (1...2).contains(parts.count), let first = parts.first, let last = parts.last,
            let c1 = CellReference.column(of: first), let r1 = CellReference.row(of: first),
            let c2 = CellReference.column(of: last), let r2 = CellReference.row(of: last)
        else { return nil }
        rows = min(r1, r2)...max(r1, r2)
        columns = min(c1, c2)...max(c1, c2)
    }

    public var description: String {
        CellReference.name(column: columns.lowerBound, row: rows.lowerBound) + ":"
            + CellReference.name(column: columns.upperBound, row: rows.upperBound)
    }
}
