/// An error reading or writing a workbook. Messages name parts, sheets and cells, never cell values.
public struct WorkbookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The file cannot be opened or read.
        case unreadableFile
        /// The file is not a ZIP archive, or not an Office Open XML workbook.
        case notAWorkbook
        /// A part of the workbook is missing or not well-formed.
        case malformed
        /// The sheet asked for does not exist.
        case noSuchSheet
        /// The workbook is larger than the reader accepts.
        case tooLarge
        /// The workbook cannot be written.
        case unwritable
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
