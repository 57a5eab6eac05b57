import Foundation

/// Writes an export as CSV the way Russian Excel opens it: UTF-8 with a byte order mark, `;` between fields,
/// CRLF line ends, quotes where needed. A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` at the
/// start) gets a leading apostrophe, except phone numbers and plain numbers.
struct ExportCSVWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = [0xEF, 0xBB, 0xBF]

    init(handle: FileHandle) {
        self.handle = handle
    }

    mutating func append(_ fields: [String]) throws {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ";")) }
            let text = Self.defused(field)
            if text.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                buffer.append(UInt8(ascii: "\""))
                buffer.append(contentsOf: text.replacingOccurrences(of: "\"", with: "\"\"").utf8)
                buffer.append(UInt8(ascii: "\""))
            } else {
                buffer.append(contentsOf: text.utf8)
            }
        }
        buffer.append(contentsOf: [0x0D, 0x0A])
        if buffer.count >= 1 << 16 { try flush() }
    }

    mutating func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// The value with a leading apostrophe when a spreadsheet would read it as a formula.
    static func defused(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        let rest = value.unicodeScalars.dropFirst()
        let numeric = !rest.isEmpty && rest.allSatisfy { ("0"..."9").contains($0) || $0 == "." || $0 == "," }
        return (first == "+" || first == "-") && numeric ? value : "'" + value
    }
}
