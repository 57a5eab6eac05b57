/// An error raised while opening or reading a CSV file.
///
/// Messages name the record and line and say how to fix the file; they never quote its contents, which are
/// personal data.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable error code; the CLI and the HTTP API map it to exit codes and statuses.
    public enum Code: String, Sendable, CaseIterable {
        /// The file does not exist, is a directory, or cannot be read.
        case unreadableFile
        /// The file holds no records (zero bytes, a byte order mark only, or empty lines only).
        case emptyFile
        /// A quoted field is still open at the end of the file.
        case unterminatedQuote
        /// A field is not valid in the file's encoding.
        case invalidEncoding
        /// A record is in another encoding than the rest of the file (UTF-8 text in a Windows-1251 file), so its
        /// letters would be read garbled. Like ``invalidEncoding``, only that record is skipped.
        case mixedEncoding
        /// The file contains NUL bytes: it is a binary file (a spreadsheet, an archive), not CSV text.
        case binaryContent
        /// A single record is larger than the reader's limit, usually because a quote is never closed.
        case recordTooLarge
    }

    /// The stable error code.
    public let code: Code
    /// The 1-based record number the error is about, when known.
    public let record: Int?
    /// The 1-based physical line the error is about, when known.
    public let line: Int?
    /// What is wrong and how to fix it, without the file's contents.
    public let message: String

    /// Creates an error; `message` must not contain the file's contents.
    public init(_ code: Code, record: Int? = nil, line: Int? = nil, _ message: String) {
        self.code = code
        self.record = record
        self.line = line
        self.message = message
    }

    /// Whether the error concerns one record only, and reading goes on with the next one.
    public var isRecordLevel: Bool { code == .invalidEncoding || code == .mixedEncoding }

    /// The code, the record and line when known, and the message: `unterminatedQuote at record 4 (line 6): …`.
    public var description: String {
        switch (record, line) {
        case (let record?, let line?): "\(code.rawValue) at record \(record) (line \(line)): \(message)"
        case (let record?, nil): "\(code.rawValue) at record \(record): \(message)"
        case (nil, let line?): "\(code.rawValue) at line \(line): \(message)"
        case (nil, nil): "\(code.rawValue): \(message)"
        }
    }
}
