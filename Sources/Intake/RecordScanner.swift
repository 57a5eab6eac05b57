/// Finds where one CSV record ends and where its fields lie, working on raw bytes.
///
/// Both supported encodings are ASCII-compatible, so quotes, delimiters and line breaks are found before any
/// decoding; strings are built afterwards, one per field, by ``FieldDecoder``.
enum RecordScanner {
    static let quote: UInt8 = 0x22
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D

    /// Where a field's bytes lie in the buffer.
    struct Span {
        /// The first byte of the field's content (after an opening quote).
        var start: Int
        /// The end of the field's content (before a closing quote, or at the delimiter).
        var end: Int
        /// Whether the content still holds `""` escapes or text after the closing quote, and must be unescaped.
        var needsUnescaping: Bool
    }

    /// The outcome of scanning from the start of a record.
    enum Outcome {
        /// A complete record; `end` is the first byte after its line break, `lineBreaks` the number of line breaks
        /// inside quoted fields.
        case record(end: Int, lineBreaks: Int)
        /// The buffer ends before the record does; `openQuoteLineBreaks` is set when the end falls inside a quoted
        /// field, to the number of line breaks before its opening quote.
        case needMore(openQuoteLineBreaks: Int?)
        /// The file ends inside a quoted field, opened after `lineBreaks` line breaks.
        case unterminatedQuote(lineBreaks: Int)
        /// A NUL byte after `lineBreaks` line breaks.
        case binary(lineBreaks: Int)
    }

    /// Scans one record starting at `start`, which must not be at an empty line.
    ///
    /// - Parameters:
    ///   - bytes: The buffered bytes.
    ///   - start: The index of the record's first byte.
    ///   - atEOF: Whether `bytes` runs to the end of the file.
    ///   - delimiter: The field delimiter.
    ///   - spans: Receives one span per field; emptied first.
    static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>,
        from start: Int,
        atEOF: Bool,
        delimiter: UInt8,
        spans: inout [Span]
    ) -> Outcome {
        spans.removeAll(keepingCapacity: true)
        let count = bytes.count
        // Bytes above this can be neither a delimiter, a quote nor a line break: one comparison skips most text.
        let plainAbove = max(delimiter, quote, carriageReturn)
        var i = start
        var lineBreaks = 0
        while true {
            if i < count && bytes[i] == quote {
                let quoteLineBreaks = lineBreaks
                var escaped = false
                var j = i + 1
                // Find the closing quote.
                while true {
                    guard j < count else {
                        return atEOF
                            ? .unterminatedQuote(lineBreaks: quoteLineBreaks)
                            : .needMore(openQuoteLineBreaks: quoteLineBreaks)
                    }
                    let byte = bytes[j]
                    if byte > quote {
                        j += 1
                        continue
                    }
                    if byte == quote {
                        if j + 1 < count {
                            guard bytes[j + 1] == quote else { break }
                            escaped = true
                            j += 2
                            continue
                        }
                        if atEOF { break }
                        return .needMore(openQuoteLineBreaks: quoteLineBreaks)
                    }
                    if byte == lineFeed {
                        lineBreaks += 1
                    } else if byte == carriageReturn {
                        if j + 1 < count {
                            if bytes[j + 1] != lineFeed { lineBreaks += 1 }
                        } else if atEOF {
                            lineBreaks += 1
                        } else {
                            return .needMore(openQuoteLineBreaks: quoteLineBreaks)
                        }
                    } else if byte == 0 {
                        return .binary(lineBreaks: lineBreaks)
                    }
                    j += 1
                }
                // `j` is the closing quote; anything up to the delimiter is kept as text.
                var k = j + 1
                while k < count {
                    let byte = bytes[k]
                    if byte > plainAbove || byte == quote {
                        k += 1
                        continue
                    }
                    if byte == delimiter || byte == lineFeed || byte == carriageReturn { break }
                    if byte == 0 { return .binary(lineBreaks: lineBreaks) }
                    k += 1
                }
                if k >= count && !atEOF { return .needMore(openQuoteLineBreaks: nil) }
                if k == j + 1 && !escaped {
                    spans.append(Span(start: i + 1, end: j, needsUnescaping: false))
                } else {
                    spans.append(Span(start: i + 1, end: k, needsUnescaping: true))
                }
                i = k
            } else {
                var k = i
                while k < count {
                    let byte = bytes[k]
                    if byte > plainAbove {
                        k += 1
                        continue
                    }
                    if byte == delimiter || byte == lineFeed || byte == carriageReturn { break }
                    if byte == 0 { return .binary(lineBreaks: lineBreaks) }
                    k += 1
                }
                if k >= count && !atEOF { return .needMore(openQuoteLineBreaks: nil) }
                spans.append(Span(start: i, end: k, needsUnescaping: false))
                i = k
            }
            // `i` is at a delimiter, a line break or the end of the file.
            guard i < count else { return .record(end: count, lineBreaks: lineBreaks) }
            let byte = bytes[i]
            if byte == delimiter {
                i += 1
                continue
            }
            if byte == lineFeed { return .record(end: i + 1, lineBreaks: lineBreaks) }
            // A carriage return, alone or followed by a line feed.
            if i + 1 < count { return .record(end: bytes[i + 1] == lineFeed ? i + 2 : i + 1, lineBreaks: lineBreaks) }
            if atEOF { return .record(end: i + 1, lineBreaks: lineBreaks) }
            return .needMore(openQuoteLineBreaks: nil)
        }
    }

    /// Copies a quoted field's content into `output`, turning `""` into `"` and keeping text after the closing
    /// quote as it is.
    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, _ span: Span, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        var inQuotes = true
        var j = span.start
        while j < span.end {
            let byte = bytes[j]
            if inQuotes && byte == quote {
                if j + 1 < span.end && bytes[j + 1] == quote {
                    output.append(quote)
                    j += 2
                } else {
                    inQuotes = false
                    j += 1
                }
                continue
            }
            output.append(byte)
            j += 1
        }
    }
}
