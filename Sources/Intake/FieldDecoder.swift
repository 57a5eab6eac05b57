/// Turns the spans ``RecordScanner`` found into strings, in the file's encoding.
struct FieldDecoder {
    /// The outcome of decoding one record.
    enum Outcome {
        case fields([String])
        /// Field number `field` (0-based) is not valid UTF-8.
        case invalidUTF8(field: Int)
        /// Field number `field` (0-based) holds byte 0x98, which Windows-1251 leaves undefined.
        case undefinedWindows1251(field: Int)
        /// Field number `field` (0-based) of a Windows-1251 file is UTF-8 Cyrillic text (a row pasted from
        /// another file): decoded as Windows-1251 it would be garbled.
        case utf8InWindows1251(field: Int)
    }

    let encoding: TextEncoding
    /// Whether UTF-8 must be checked field by field (it need not when the whole file was checked up front).
    let validatesUTF8: Bool
    /// Reused for quoted fields that need unescaping.
    private var scratch: [UInt8] = []

    init(encoding: TextEncoding, validatesUTF8: Bool) {
        self.encoding = encoding
        self.validatesUTF8 = validatesUTF8
    }

    /// Decodes every span of one record.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, spans: [RecordScanner.Span]) -> Outcome {
        var fields: [String] = []
        fields.reserveCapacity(spans.count)
        for (index, span) in spans.enumerated() {
            let decoded: String?
            if span.needsUnescaping {
                RecordScanner.unescape(bytes, span, into: &scratch)
                decoded = scratch.withUnsafeBufferPointer { decodeField($0) }
            } else {
                decoded = decodeField(UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]))
            }
            guard let decoded else {
                return encoding == .utf8 ? .invalidUTF8(field: index) : .undefinedWindows1251(field: index)
            }
            if encoding == .windows1251 {
                let isUTF8 = span.needsUnescaping
                    ? scratch.withUnsafeBufferPointer(Self.isUTF8Cyrillic)
                    : Self.isUTF8Cyrillic(UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]))
                if isUTF8 { return .utf8InWindows1251(field: index) }
            }
            fields.append(decoded)
        }
        return .fields(fields)
    }

    /// Whether bytes read as Windows-1251 are in fact UTF-8 with Cyrillic letters: every byte above 0x7F belongs
    /// to a valid UTF-8 sequence, and two of them are Cyrillic letters (lead byte 0xD0 or 0xD1).
    ///
    /// Windows-1251 text does not pass for it: its Cyrillic letters are bytes 0xC0...0xFF, and two of them in a row
    /// are never valid UTF-8, while a lone letter followed by a byte 0x80...0xBF (a punctuation mark such as »)
    /// would have to be "Р" or "С" (0xD0, 0xD1), twice in the field and with nothing but ASCII around, to count.
    static func isUTF8Cyrillic(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.firstIndex(where: { $0 >= 0x80 }) else { return false }
        let rest = UnsafeBufferPointer(rebasing: bytes[first...])
        guard UTF8Validator.validate(rest) == .valid else { return false }
        var index = rest.startIndex
        var letters = 0
        while index < rest.endIndex {
            let byte = rest[index]
            if (byte == 0xD0 || byte == 0xD1) && index + 1 < rest.endIndex { letters += 1 }
            index += byte < 0x80 ? 1 : max(1, UTF8Validator.sequenceLength(lead: byte))
        }
        return letters >= 2
    }

    private func decodeField(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        switch encoding {
        case .utf8:
            if validatesUTF8 && UTF8Validator.validate(bytes) != .valid { return nil }
            return String(decoding: bytes, as: UTF8.self)
        case .windows1251:
            return Windows1251.decode(bytes)
        }
    }
}
