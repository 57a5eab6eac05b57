public import Foundation

/// A streaming CSV reader for customer exports: it reads the file in chunks and never holds all of it in memory.
///
/// It understands what spreadsheets write: `;`, `,` or tab delimiters, `""` escapes, quoted fields with
/// delimiters and line breaks inside, CRLF or LF line ends, a last record without a line break, a UTF-8 byte
/// order mark (stripped), and UTF-8 or Windows-1251 text. Fully empty lines are skipped.
///
/// ```swift
/// var reader = try CSVReader(url: file)
/// while let record = try reader.next() {
///     progress(reader.bytesRead, of: reader.fileSize)
/// }
/// ```
///
/// The reader is not copyable: it owns the open file and its position in it.
///
/// ## Errors
/// After ``CSVError/Code/invalidEncoding`` or ``CSVError/Code/mixedEncoding`` the faulty record has been consumed
/// and ``next()`` carries on with the following one. ``CSVError/Code/binaryContent``,
/// ``CSVError/Code/unterminatedQuote`` and ``CSVError/Code/recordTooLarge`` end the reading: ``next()`` throws the
/// same error again.
public struct CSVReader: ~Copyable {
    /// The largest record accepted by default: 1 MiB.
    public static let defaultMaxRecordBytes = 1 << 20
    /// The number of bytes read from the file at a time by default: 64 KiB.
    public static let defaultChunkSize = 1 << 16

    /// The encoding the file is decoded with.
    public let encoding: TextEncoding
    /// The field delimiter: `;`, `,`, tab, or what the caller passed.
    public let delimiter: UInt8
    /// The size of the file in bytes when it was opened.
    public let fileSize: Int
    /// The largest record, in bytes, that ``next()`` accepts.
    public let maxRecordBytes: Int

    /// How far reading has got, in bytes from the start of the file (the byte order mark included), for a
    /// progress bar; it reaches ``fileSize`` when ``next()`` returns `nil`.
    public var bytesRead: Int { file.offset + position }

    private var file: ChunkedFile
    /// The index in `file.bytes` of the next record.
    private var position: Int
    private var decoder: FieldDecoder
    private var spans: [RecordScanner.Span] = []
    private var nextRecordNumber = 1
    private var nextLine = 1
    private var failure: CSVError?
    /// Whether the file was detected as mostly UTF-8 with some lines that are not: those are mixed encoding.
    private let isMixed: Bool

    /// Opens a CSV file.
    ///
    /// - Parameters:
    ///   - url: A local file.
    ///   - encoding: The text encoding, or `nil` to detect it: a UTF-8 byte order mark means UTF-8; otherwise the
    ///     whole file is scanned once (streaming) and is UTF-8 if it is valid UTF-8, else Windows-1251 unless most
    ///     of its non-ASCII lines are UTF-8 (then its other lines are ``CSVError/Code/mixedEncoding`` errors). In a
    ///     Windows-1251 file, a record whose text is UTF-8 Cyrillic is a ``CSVError/Code/mixedEncoding`` error.
    ///   - delimiter: The field delimiter, or `nil` to pick the most frequent of `;`, `,` and tab outside quotes
    ///     in the first line (`;` when there is none, or on a tie, then `,`). Must be ASCII, and not a quote, a line
    ///     break or NUL.
    ///   - maxRecordBytes: The largest record accepted, in bytes; a larger one raises
    ///     ``CSVError/Code/recordTooLarge`` instead of filling memory.
    ///   - chunkSize: The number of bytes read from the file at a time.
    /// - Throws: ``CSVError`` with ``CSVError/Code/unreadableFile``, ``CSVError/Code/emptyFile``,
    ///   ``CSVError/Code/binaryContent`` or ``CSVError/Code/invalidEncoding``.
    public init(
        url: URL,
        encoding: TextEncoding? = nil,
        delimiter: UInt8? = nil,
        maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes,
        chunkSize: Int = CSVReader.defaultChunkSize
    ) throws(CSVError) {
        if let delimiter {
            let reserved = [RecordScanner.quote, RecordScanner.lineFeed, RecordScanner.carriageReturn, 0]
            precondition(
                delimiter < 0x80 && !reserved.contains(delimiter),
                "a CSV delimiter must be an ASCII character other than a quote, a line break or NUL"
            )
        }
        var file = try ChunkedFile(url: url, chunkSize: chunkSize)
        try file.refill(keepingFrom: 0, minimum: 4)  // enough for any byte order mark, whatever the chunk size
        let head = file.bytes
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            throw CSVError(.invalidEncoding, "the file is UTF-16 text; save it as CSV in UTF-8 or Windows-1251")
        }
        if head.contains(0) {
            throw CSVError(.binaryContent, Self.binaryMessage)
        }
        let hasBOM = head.starts(with: [0xEF, 0xBB, 0xBF])
        var detected: TextEncoding
        var validatesUTF8 = true
        var mixed = false
        if let encoding {
            detected = encoding
        } else if hasBOM {
            detected = .utf8
        } else {
            let whole = try Self.detectEncoding(of: file)
            validatesUTF8 = whole == .windows1251
            // A file that is mostly UTF-8 with a few rows in another encoding is read as UTF-8, those rows rejected.
            detected = whole
            if whole == .windows1251 {
                let votes = try Self.voteOnLines(of: file)
                if votes.utf8 > votes.other {
                    detected = .utf8
                    mixed = true
                }
            }
        }
        var position = hasBOM ? 3 : 0
        var line = 1
        guard try Self.skipEmptyLines(in: &file, position: &position, line: &line) else {
            throw CSVError(.emptyFile, "the file holds no records; export the table again with its header row")
        }
        let limit = max(1, maxRecordBytes)
        if let delimiter {
            self.delimiter = delimiter
        } else {
            self.delimiter = try Self.detectDelimiter(in: &file, position: &position, limit: limit)
        }
        self.encoding = detected
        self.fileSize = file.size
        self.maxRecordBytes = limit
        self.decoder = FieldDecoder(encoding: detected, validatesUTF8: validatesUTF8 && detected == .utf8)
        self.isMixed = mixed
        self.file = file
        self.position = position
        self.nextLine = line
    }

    /// Reads the next record.
    ///
    /// - Returns: The record, or `nil` at the end of the file.
    /// - Throws: ``CSVError`` with ``CSVError/Code/unterminatedQuote``, ``CSVError/Code/recordTooLarge``,
    ///   ``CSVError/Code/invalidEncoding``, ``CSVError/Code/binaryContent`` or ``CSVError/Code/unreadableFile``.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        if let failure { throw failure }
        do throws(CSVError) {
            return try readRecord()
        } catch {
            if !error.isRecordLevel { failure = error }
            throw error
        }
    }

    private mutating func readRecord() throws(CSVError) -> CSVRecord? {
        guard try Self.skipEmptyLines(in: &file, position: &position, line: &nextLine) else { return nil }
        let number = nextRecordNumber
        let line = nextLine
        while true {
            let start = position
            let atEOF = file.atEOF
            let delimiter = delimiter
            let outcome = file.bytes.withUnsafeBufferPointer { bytes in
                RecordScanner.scan(bytes, from: start, atEOF: atEOF, delimiter: delimiter, spans: &spans)
            }
            switch outcome {
            case .record(let end, let lineBreaks):
                guard end - start <= maxRecordBytes else {
                    throw tooLarge(record: number, line: line, openQuoteLine: nil)
                }
                let decoded = file.bytes.withUnsafeBufferPointer { bytes in decoder.decode(bytes, spans: spans) }
                nextRecordNumber += 1
                nextLine = line + lineBreaks + 1
                position = end
                switch decoded {
                case .fields(let fields):
                    return CSVRecord(number: number, line: line, fields: fields)
                case .invalidUTF8(let field) where isMixed:
                    throw CSVError(
                        .mixedEncoding, record: number, line: line,
                        "field \(field + 1) is not UTF-8 like the rest of the file (Windows-1251?), so its letters "
                            + "would be garbled; save the whole file in one encoding (UTF-8) and import this row again"
                    )
                case .invalidUTF8(let field):
                    throw CSVError(
                        .invalidEncoding, record: number, line: line,
                        "field \(field + 1) is not valid UTF-8; save the file as UTF-8, or pass its real encoding"
                    )
                case .utf8InWindows1251(let field):
                    throw CSVError(
                        .mixedEncoding, record: number, line: line,
                        "field \(field + 1) is UTF-8 text in a file read as Windows-1251, so its letters would be "
                            + "garbled; save the whole file in one encoding (UTF-8) and import this row again"
                    )
                case .undefinedWindows1251(let field):
                    throw CSVError(
                        .invalidEncoding, record: number, line: line,
                        "field \(field + 1) holds byte 0x98, which Windows-1251 does not define; the file may be "
                            + "in another encoding (KOI8-R, CP866): save it as UTF-8"
                    )
                }
            case .needMore(let openQuoteLineBreaks):
                let buffered = file.bytes.count - start
                guard buffered <= maxRecordBytes else {
                    throw tooLarge(record: number, line: line, openQuoteLine: openQuoteLineBreaks.map { line + $0 })
                }
                // Read as much again as is buffered, so a long record is rescanned a few times only, but stop soon
                // after the limit.
                let minimum = min(buffered, maxRecordBytes + 1 - buffered)
                position -= try file.refill(keepingFrom: start, minimum: minimum)
            case .unterminatedQuote(let lineBreaks):
                guard file.bytes.count - start <= maxRecordBytes else {
                    throw tooLarge(record: number, line: line, openQuoteLine: line + lineBreaks)
                }
                throw CSVError(
                    .unterminatedQuote, record: number, line: line + lineBreaks,
                    "a quoted field opened on this line is never closed; add the closing quote (\") or double a "
                        + "quote that is part of the text (\"\")"
                )
            case .binary(let lineBreaks):
                throw CSVError(.binaryContent, record: number, line: line + lineBreaks, Self.binaryMessage)
            }
        }
    }

    private func tooLarge(record: Int, line: Int, openQuoteLine: Int?) -> CSVError {
        let limit = maxRecordBytes % (1 << 20) == 0 ? "\(maxRecordBytes >> 20) MiB" : "\(maxRecordBytes) bytes"
        let hint =
            openQuoteLine.map { "a quote opened on line \($0) is probably never closed" }
            ?? "split the record or check its quotes"
        return CSVError(.recordTooLarge, record: record, line: line, "the record is larger than \(limit); \(hint)")
    }

    static let binaryMessage =
        "the file contains NUL bytes, so it is not CSV text (an .xlsx workbook?); save it as CSV first"
}
