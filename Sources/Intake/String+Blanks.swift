import Foundation

extension Unicode.Scalar {
    /// Whether the scalar is white space (spaces of every width, NBSP, tabs, line breaks) or an invisible
    /// zero-width character that spreadsheets and web forms leave behind.
    var isBlank: Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        // Latin-1 letters and the Cyrillic block hold no space (U+00A0 and U+0085 are below U+00A1).
        if (0xA1...0xFF).contains(value) || (0x400...0x4FF).contains(value) { return false }
        return properties.isWhitespace || isZeroWidth
    }

    /// Whether the scalar is a zero-width space, word joiner or byte order mark.
    var isZeroWidth: Bool {
        value == 0x200B || value == 0x2060 || value == 0xFEFF
    }

    /// Whether the scalar is a control or format character (other than white space), invisible in a spreadsheet.
    var isInvisibleControl: Bool {
        // ASCII, Latin-1 letters and the Cyrillic block answer without a property lookup.
        if value < 0x80 { return (value < 0x20 && !(0x09...0x0D).contains(value)) || value == 0x7F }
        if (0xA0...0xFF).contains(value) { return value == 0xAD }
        if (0x400...0x4FF).contains(value) { return false }
        return switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
            !properties.isWhitespace
        default:
            false
        }
    }
}

extension String {
    /// Whether the UTF-8 bytes hold nothing that blank handling would change inside the string: no control
    /// byte, no run of two spaces, and no multi-byte space or zero-width character (NBSP, U+2000–U+206F, U+3000,
    /// BOM). Plain ASCII and Cyrillic text takes this fast path.
    var hasOnlySimpleSpaces: Bool {
        var previous: UInt8 = 0
        var twoBack: UInt8 = 0
        for byte in utf8 {
            if byte < 0x20 || (byte == 0x20 && previous == 0x20) { return false }
            if previous == 0xC2 && byte == 0xA0 { return false }
            if twoBack == 0xE2 && (previous == 0x80 || previous == 0x81) { return false }
            if twoBack == 0xE3 && previous == 0x80 && byte == 0x80 { return false }
            if twoBack == 0xEF && previous == 0xBB && byte == 0xBF { return false }
            twoBack = previous
            previous = byte
        }
        return true
    }

    /// The string without blanks (``Unicode/Scalar/isBlank``) at either end.
    public func trimmingBlanks() -> String {
        if let first = unicodeScalars.first, let last = unicodeScalars.last, !first.isBlank, !last.isBlank {
            return self
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isBlank }),
            let last = scalars.lastIndex(where: { !$0.isBlank })
        else { return "" }
        return String(scalars[first...last])
    }

    /// The string trimmed, with every run of white space inside replaced by one space and zero-width characters
    /// removed.
    func collapsingBlanks() -> String {
        if let first = utf8.first, let last = utf8.last, first != 0x20, last != 0x20, hasOnlySimpleSpaces {
            return self
        }
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in unicodeScalars where !scalar.isZeroWidth {
            if scalar.isBlank {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(scalar)
        }
        return String(result)
    }

    /// The string in Unicode normalisation form C, so that equal-looking values have equal bytes (and equal
    /// blind-index digests).
    var precomposed: String {
        // Only combining marks (U+0300–U+036F and the other combining blocks) can change under NFC for the
        // scripts customer data uses; text without them is already precomposed.
        // Combining marks start with UTF-8 lead byte 0xCC or 0xCD, or a three-byte sequence; text of ASCII,
        // Latin-1 and Cyrillic letters (lead bytes below 0xCC or 0xCE–0xDF) has none.
        if utf8.allSatisfy({ $0 < 0xCC || ($0 >= 0xCE && $0 < 0xE0) }) { return self }
        return unicodeScalars.contains { ($0.value >= 0x300 && $0.value <= 0x36F) || ($0.value >= 0x1AB0 && $0.value <= 0x1AFF)
            || ($0.value >= 0x1DC0 && $0.value <= 0x1DFF) || ($0.value >= 0x20D0 && $0.value <= 0x20FF)
            || ($0.value >= 0xFE20 && $0.value <= 0xFE2F) || ($0.value >= 0x3099 && $0.value <= 0x309A) }
            ? precomposedStringWithCanonicalMapping : self
    }

    /// The string with `ё` as `е` (and `Ё` as `Е`), as Russian writing often omits the dots.
    var foldingYo: String {
        guard contains(where: { $0 == "ё" || $0 == "Ё" }) else { return self }
        return String(map { $0 == "ё" ? "е" : $0 == "Ё" ? "Е" : $0 })
    }
}
