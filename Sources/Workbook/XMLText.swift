/// Decoding and encoding of XML character data as workbooks use it.
enum XMLText {
    /// Appends `raw` to `out` with the five predefined entities and numeric character references decoded.
    /// An unknown entity is kept as written.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard raw.contains(UInt8(ascii: "&")) else {
            out.append(contentsOf: raw)
            return
        }
        var index = 0
        let count = raw.count
        while index < count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "&") else {
                out.append(byte)
                index += 1
                continue
            }
            var end = index + 1
            while end < count && end - index < 12 && raw[end] != UInt8(ascii: ";") { end += 1 }
            guard end < count, raw[end] == UInt8(ascii: ";") else {
                out.append(byte)
                index += 1
                continue
            }
            let name = UnsafeBufferPointer(rebasing: raw[(index + 1)..<end])
            if let scalar = entity(name) {
                appendUTF8(scalar, to: &out)
            } else {
                out.append(contentsOf: raw[index...end])
            }
            index = end + 1
        }
    }

    private static func entity(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        switch String(decoding: name, as: UTF8.self) {
        case "lt": return 0x3C
        case "gt": return 0x3E
        case "amp": return 0x26
        case "quot": return 0x22
        case "apos": return 0x27
        default:
            guard name.count >= 2, name[0] == UInt8(ascii: "#") else { return nil }
            let hex = name[1] == UInt8(ascii: "x") || name[1] == UInt8(ascii: "X")
            let digits = String(decoding: name[(hex ? 2 : 1)...], as: UTF8.self)
            guard let value = UInt32(digits, radix: hex ? 16 : 10), Unicode.Scalar(value) != nil else { return nil }
            return value
        }
    }

    static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(value) else { return }
        out.append(contentsOf: String(Character(scalar)).utf8)
    }

    /// Decodes OOXML's escapes of characters XML cannot carry (`_x000D_` for a carriage return; `_x005F_` for
    /// an underscore), as Excel writes them in cell text.
    static func unescapeOOXML(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 7, bytes.contains(UInt8(ascii: "_")) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "_"), index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"),
                bytes[index + 6] == UInt8(ascii: "_"),
                let value = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16)
            {
                appendUTF8(value, to: &out)
                index += 7
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    /// Escapes text for an element's content or an attribute value; control characters XML 1.0 forbids are
    /// written as OOXML `_xHHHH_` escapes, and an underscore that would read as one is escaped itself.
    static func escape(_ text: String, into out: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case 0x09, 0x0A: out.append(byte)
            case 0x0D: out.append(contentsOf: "_x000D_".utf8)
            case 0..<0x20: out.append(contentsOf: "_x\(hex4(byte))_".utf8)
            case UInt8(ascii: "_") where looksEscaped(utf8, at: index): out.append(contentsOf: "_x005F_".utf8)
            default: out.append(byte)
            }
            index += 1
        }
    }

    private static func looksEscaped(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"), bytes[index + 6] == UInt8(ascii: "_")
        else { return false }
        return bytes[(index + 2)..<(index + 6)].allSatisfy { Character(Unicode.Scalar($0)).isHexDigit }
    }

    private static func hex4(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
