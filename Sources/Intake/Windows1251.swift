/// Decoding of Windows-1251 (Cyrillic) bytes, with a table of its own rather than Foundation's `String.Encoding`,
/// whose support on Linux depends on the ICU build.
enum Windows1251 {
    /// The Unicode scalar of each byte 0x80...0xFF; 0 marks 0x98, the one byte with no character.
    static let scalars: [UInt16] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,  // 0x80
        0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,  // 0x88
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 0x90
        0x0000, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,  // 0x98
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,  // 0xA0
        0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,  // 0xA8
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,  // 0xB0
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,  // 0xB8
        0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,  // 0xC0
        0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,  // 0xC8
        0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,  // 0xD0
        0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,  // 0xD8
        0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,  // 0xE0
        0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,  // 0xE8
        0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,  // 0xF0
        0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,  // 0xF8
    ]

    /// The UTF-8 encoding of each byte 0x80...0xFF, packed as `length << 24 | byte0 | byte1 << 8 | byte2 << 16`;
    /// a length of 0 marks the undefined byte 0x98.
    static let utf8: [UInt32] = scalars.map { scalar in
        switch scalar {
        case 0:
            return 0
        case ..<0x800:
            let b0 = UInt32(0xC0 | (scalar >> 6))
            let b1 = UInt32(0x80 | (scalar & 0x3F))
            return 2 << 24 | b0 | b1 << 8
        default:
            let b0 = UInt32(0xE0 | (scalar >> 12))
            let b1 = UInt32(0x80 | ((scalar >> 6) & 0x3F))
            let b2 = UInt32(0x80 | (scalar & 0x3F))
            return 3 << 24 | b0 | b1 << 8 | b2 << 16
        }
    }

    /// Decodes `bytes` into a string.
    ///
    /// - Returns: The string, or `nil` when `bytes` contain 0x98, which Windows-1251 leaves undefined.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if !bytes.contains(where: { $0 >= 0x80 }) {
            return String(decoding: bytes, as: UTF8.self)  // ASCII: the same bytes in UTF-8
        }
        var undefined = false
        let string = utf8.withUnsafeBufferPointer { table in
            String(unsafeUninitializedCapacity: bytes.count * 3) { out in
                var written = 0
                for byte in bytes {
                    if byte < 0x80 {
                        out[written] = byte
                        written += 1
                        continue
                    }
                    let packed = table[Int(byte &- 0x80)]
                    let length = Int(packed >> 24)
                    if length == 0 {
                        undefined = true
                        return 0
                    }
                    out[written] = UInt8(truncatingIfNeeded: packed)
                    out[written + 1] = UInt8(truncatingIfNeeded: packed >> 8)
                    if length == 3 {
                        out[written + 2] = UInt8(truncatingIfNeeded: packed >> 16)
                    }
                    written += length
                }
                return written
            }
        }
        return undefined ? nil : string
    }
}
