/// Turns the spans ``RecordScanner`` found into strings, in the file's encoding.
struct FieldDecoder {
    /// The outcome of decoding one record.
    enum Outcome {
        case fields([String])
        /// Field number `field` (0-based) is not valid UTF-8.
        case invalidUTF8(field: Int)
        /// Field number `field` (0-based) holds byte 0x98, which Windows-1251 leaves undefined.
        case undefinedWindows1251(field: Int)
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
            fields.append(decoded)
        }
        return .fields(fields)
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
