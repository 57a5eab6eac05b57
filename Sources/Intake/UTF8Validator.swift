/// A strict UTF-8 validator (no overlong forms, no surrogates, nothing above U+10FFFF) that works on chunks.
enum UTF8Validator {
    /// The outcome of validating a buffer.
    enum Outcome: Equatable {
        /// Every byte belongs to a complete, valid sequence.
        case valid
        /// The bytes are not UTF-8.
        case invalid
        /// Valid so far, but the sequence starting at `offset` is cut off by the end of the buffer.
        case truncated(offset: Int)
    }

    /// The length of the sequence a lead byte starts: 1 to 4, or 0 for a byte that cannot start one.
    static func sequenceLength(lead: UInt8) -> Int {
        switch lead {
        case 0x00...0x7F: 1
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 0
        }
    }

    /// Validates `bytes`.
    ///
    /// - Parameter isFinal: Whether more bytes follow; when they do, a sequence cut off at the end is
    ///   ``Outcome/truncated(offset:)`` rather than ``Outcome/invalid``.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, isFinal: Bool = true) -> Outcome {
        guard let base = bytes.baseAddress else { return .valid }
        let count = bytes.count
        var i = 0
        while i < count {
            // Fast path: eight ASCII bytes at a time.
            while i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < count else { break }
            let lead = base[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF:
                length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3:
                length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return .invalid
            }
            let available = min(length, count - i)
            for k in 1..<max(available, 1) {
                let byte = base[i + k]
                if k == 1 {
                    guard byte >= low && byte <= high else { return .invalid }
                } else {
                    guard byte & 0xC0 == 0x80 else { return .invalid }
                }
            }
            if available < length {
                return isFinal ? .invalid : .truncated(offset: i)
            }
            i += length
        }
        return .valid
    }
}
