import Foundation

extension Unicode.Scalar {
    /// Whether the scalar is white space (spaces of every width, NBSP, tabs, line breaks) or an invisible
    /// zero-width character that spreadsheets and web forms leave behind.
    var isBlank: Bool {
        properties.isWhitespace || isZeroWidth
    }

    /// Whether the scalar is a zero-width space, word joiner or byte order mark.
    var isZeroWidth: Bool {
        value == 0x200B || value == 0x2060 || value == 0xFEFF
    }

    /// Whether the scalar is a control or format character (other than white space), invisible in a spreadsheet.
    var isInvisibleControl: Bool {
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
            !properties.isWhitespace
        default:
            false
        }
    }
}

extension String {
    /// The string without blanks (``Unicode/Scalar/isBlank``) at either end.
    func trimmingBlanks() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isBlank }),
            let last = scalars.lastIndex(where: { !$0.isBlank })
        else { return "" }
        return String(scalars[first...last])
    }

    /// The string trimmed, with every run of white space inside replaced by one space and zero-width characters
    /// removed.
    func collapsingBlanks() -> String {
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
        utf8.allSatisfy { $0 < 0x80 } ? self : precomposedStringWithCanonicalMapping
    }

    /// The string with `ё` as `е` (and `Ё` as `Е`), as Russian writing often omits the dots.
    var foldingYo: String {
        guard contains(where: { $0 == "ё" || $0 == "Ё" }) else { return self }
        return String(map { $0 == "ё" ? "е" : $0 == "Ё" ? "Е" : $0 })
    }
}
