/// Which cell styles of a workbook format numbers as dates, from `styles.xml`.
struct CellStyles: Sendable {
    /// For each index of `cellXfs`, whether its number format shows a date or time.
    var isDate: [Bool] = []

    func isDate(style: Int) -> Bool {
        style >= 0 && style < isDate.count && isDate[style]
    }

    /// Built-in number formats that show dates or times (ECMA-376 part 1, 18.8.30, and the East Asian ids).
    static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// Whether a format code shows a date or time: it has `d`, `m`, `y`, `h` or `s` outside quoted text, escapes
    /// and bracketed sections (colours, conditions, locales; `[h]` elapsed time counts).
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false
        var inBracket = false
        var escaped = false
        var bracket = ""
        for character in code.lowercased() {
            if escaped {
                escaped = false
                continue
            }
            if inQuote {
                if character == "\"" { inQuote = false }
                continue
            }
            if inBracket {
                if character == "]" {
                    inBracket = false
                    if ["h", "hh", "m", "mm", "s", "ss"].contains(bracket) { return true }
                } else {
                    bracket.append(character)
                }
                continue
            }
            switch character {
            case "\"": inQuote = true
            case "\\", "_", "*": escaped = true
            case "[": inBracket = true; bracket = ""
            case "d", "m", "y", "h", "s": return true
            case "0", "#", "?", "@": return false
            default: continue
            }
        }
        return false
    }
}

/// Reads `styles.xml`: custom number formats (`numFmts`) and the cell formats (`cellXfs`) cells refer to.
struct CellStylesParser: XMLScannerHandler {
    private var customFormats: [Int: String] = [:]
    private var formatOfStyle: [Int] = []
    private var inCellXfs = false

    var styles: CellStyles {
        CellStyles(isDate: formatOfStyle.map { id in
            if let code = customFormats[id] { return CellStyles.isDateFormat(code) }
            return CellStyles.builtInDateFormats.contains(id)
        })
    }

    mutating func start(_ tag: XMLTag, empty: Bool) throws {
        if tag.is("numFmt") {
            if let id = tag.attribute("numFmtId").flatMap({ Int($0) }), let code = tag.attribute("formatCode") {
                customFormats[id] = code
            }
        } else if tag.is("cellXfs") {
            inCellXfs = !empty
        } else if tag.is("xf") && inCellXfs {
            formatOfStyle.append(tag.attribute("numFmtId").flatMap { Int($0) } ?? 0)
        }
    }

    mutating func end(_ name: XMLName) throws {
        if name.is("cellXfs") { inCellXfs = false }
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, cdata: Bool) throws {}
}
