import Foundation

/// Turns the XML of a worksheet into rows, calling `onRow` as each `</row>` arrives.
struct SheetParser: XMLScannerHandler {
    let sharedStrings: SharedStrings
    let styles: CellStyles
    let date1904: Bool
    let part: String
    let onRow: (SheetRow) throws -> Void

    /// The used range the sheet declares (`dimension`), if any.
    private(set) var dimension: CellRange?
    /// Merged ranges (`mergeCell`), which follow the cells in the file.
    private(set) var merges: [CellRange] = []
    private(set) var rowsRead = 0
    /// Only `dimension` and `mergeCell` are read (a quick pass for the layout).
    var skipsCells = false

    private var inSheetData = false
    private var rowNumber = 0
    private var cells: [CellValue] = []
    private var column = -1
    private var cellType = ""
    private var cellStyle = 0
    private var inCell = false
    private var collecting = false
    private var inInline = false
    private var phoneticDepth = 0
    private var value: [UInt8] = []
    private var hasValue = false

    init(sharedStrings: SharedStrings, styles: CellStyles, date1904: Bool, part: String,
         onRow: @escaping (SheetRow) throws -> Void) {
        self.sharedStrings = sharedStrings
        self.styles = styles
        self.date1904 = date1904
        self.part = part
        self.onRow = onRow
    }

    mutating func start(_ tag: XMLTag, empty: Bool) throws {
        if skipsCells {
            if tag.is("mergeCell") {
                if let range = tag.attribute("ref").flatMap({ CellRange($0) }) { merges.append(range) }
            } else if tag.is("dimension") {
                dimension = tag.attribute("ref").flatMap { CellRange($0) }
            }
            return
        }
        if inCell {
            if tag.is("v") {
                collecting = !empty
            } else if tag.is("is") {
                inInline = !empty
            } else if tag.is("rPh") {
                if !empty { phoneticDepth += 1 }
            } else if tag.is("t") && inInline && phoneticDepth == 0 {
                collecting = !empty
            }
            return
        }
        if tag.is("c") && inSheetData {
            column = tag.attribute("r").flatMap { CellReference.column(of: $0) } ?? column + 1
            guard column < 16_384 else {
                throw WorkbookError(.malformed, "\(part): row \(rowNumber) has a cell beyond column XFD")
            }
            cellType = tag.attribute("t") ?? "n"
            cellStyle = tag.attribute("s").flatMap { Int($0) } ?? 0
            value.removeAll(keepingCapacity: true)
            hasValue = false
            inCell = true
            if empty { try finishCell() }
        } else if tag.is("row") && inSheetData {
            rowNumber = tag.attribute("r").flatMap { Int($0) } ?? rowNumber + 1
            cells.removeAll(keepingCapacity: true)
            column = -1
            if empty { try finishRow() }
        } else if tag.is("sheetData") {
            inSheetData = !empty
        } else if tag.is("dimension") {
            dimension = tag.attribute("ref").flatMap { CellRange($0) }
        } else if tag.is("mergeCell") {
            if let range = tag.attribute("ref").flatMap({ CellRange($0) }) { merges.append(range) }
        }
    }

    mutating func end(_ name: XMLName) throws {
        if skipsCells { return }
        if inCell {
            if name.is("v") || name.is("t") {
                collecting = false
            } else if name.is("rPh") {
                phoneticDepth = max(0, phoneticDepth - 1)
            } else if name.is("is") {
                inInline = false
            } else if name.is("c") {
                try finishCell()
            }
            return
        }
        if name.is("row") && inSheetData {
            try finishRow()
        } else if name.is("sheetData") {
            inSheetData = false
        }
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, cdata: Bool) throws {
        guard collecting, !skipsCells else { return }
        hasValue = true
        if cdata { value.append(contentsOf: bytes) } else { XMLText.decode(bytes, into: &value) }
    }

    private mutating func finishCell() throws {
        inCell = false
        collecting = false
        inInline = false
        phoneticDepth = 0
        let cell = try decodeCell()
        if case .empty = cell { return }
        if cells.count <= column {
            cells.append(contentsOf: repeatElement(.empty, count: column + 1 - cells.count))
        }
        cells[column] = cell
    }

    private func decodeCell() throws -> CellValue {
        switch cellType {
        case "s":
            guard hasValue else { return .empty }
            guard let index = Self.integer(value), let string = sharedStrings[index] else {
                throw WorkbookError(.malformed, "\(part): cell \(CellReference.name(column: column, row: rowNumber)) "
                    + "refers to a shared string that is not there")
            }
            return .text(string)
        case "inlineStr", "str":
            return hasValue ? .text(String(decoding: XMLText.unescapeOOXML(value), as: UTF8.self)) : .empty
        case "b":
            guard hasValue else { return .empty }
            return .bool(value.first == UInt8(ascii: "1") || value.starts(with: Array("true".utf8)))
        case "e":
            return .error(String(decoding: value, as: UTF8.self))
        case "d":
            guard hasValue else { return .empty }
            return .text(String(decoding: value, as: UTF8.self))
        default:
            guard hasValue else { return .empty }
            let literal = String(decoding: value, as: UTF8.self)
            guard let number = CellValue.number(literal: literal) else {
                throw WorkbookError(.malformed, "\(part): cell \(CellReference.name(column: column, row: rowNumber)) "
                    + "holds a number that does not parse")
            }
            if styles.isDate(style: cellStyle), let serial = Double(literal.trimmingCharacters(in: .whitespaces)),
                let date = ExcelDate(serial: serial, date1904: date1904)
            {
                return .date(date)
            }
            return number
        }
    }

    /// A non-negative decimal integer written in ASCII digits (blanks around it allowed), without allocating.
    static func integer(_ bytes: [UInt8]) -> Int? {
        var result = 0
        var digits = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard digits < 18 else { return nil }
                result = result * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            case 0x20, 0x09, 0x0A, 0x0D:
                continue
            default:
                return nil
            }
        }
        return digits == 0 ? nil : result
    }

    private mutating func finishRow() throws {
        rowsRead += 1
        try onRow(SheetRow(number: rowNumber, cells: cells))
        cells.removeAll(keepingCapacity: true)
    }
}
