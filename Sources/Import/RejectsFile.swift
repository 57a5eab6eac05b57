import Gateway
import Foundation

/// The rejects report of one import (`reports/import-N.rejects.csv`), written as rows are rejected so that no
/// list of them grows in memory, whatever the input.
///
/// At most ``limit`` rows are written; the rest are only counted (``notWritten``). The file is written under a
/// `.partial` name and gets its final name only when the import commits (``commit()``); an import that fails
/// removes it (``discard()``) or, when it stopped on too many rejected rows, keeps it under a name of its own
/// for the operator to read (``keepStopped(at:)``). Holds row numbers, field names and reasons, never values.
final class RejectsFile {
    /// The final path, once the import commits.
    let url: URL
    /// Rows written to the file.
    private(set) var written = 0
    /// Rows rejected but not written, past ``limit``.
    private(set) var notWritten = 0
    /// The most rows written.
    let limit: Int
    private let partial: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let header = "row;field;reason;message\n"
    private static let flushSize = 1 << 16

    /// Creates (or empties) the partial file.
    ///
    /// - Throws: ``GatewayError`` `storage` when the reports folder cannot be written.
    init(reports: URL, run: Int64, limit: Int) throws {
        url = reports.appendingPathComponent("import-\(run).rejects.csv")
        partial = reports.appendingPathComponent("import-\(run).rejects.csv.partial")
        self.limit = max(0, limit)
        guard FileManager.default.createFile(atPath: partial.path, contents: Data(Self.header.utf8)),
            let handle = try? FileHandle(forWritingTo: partial)
        else {
            throw GatewayError(.storage, "cannot write the rejects report under \(reports.path)")
        }
        self.handle = handle
        _ = try? handle.seekToEnd()
        buffer.reserveCapacity(Self.flushSize + 1024)
    }

    deinit { try? handle.close() }

    /// Writes one rejected row, or counts it once ``limit`` rows are written.
    func append(_ rejection: ImportReport.Rejection) throws {
        guard written < limit else {
            notWritten += 1
            return
        }
        written += 1
        let message = rejection.message.replacingOccurrences(of: "\"", with: "\"\"")
        buffer.append(contentsOf: "\(rejection.row);\(rejection.field ?? "");\(rejection.reason);\"\(message)\"\n".utf8)
        if buffer.count >= Self.flushSize { try flush() }
    }

    /// Flushes, closes and gives the file its final name (the summary counts the rows not written).
    func commit() throws -> URL {
        try finishWriting()
        try? FileManager.default.removeItem(at: url)
        do {
            try FileManager.default.moveItem(at: partial, to: url)
        } catch {
            throw GatewayError(.storage, "cannot write the rejects report \(url.path)")
        }
        return url
    }

    /// Keeps the rows written so far of an import that stopped, under `stopped`, and returns that path.
    func keepStopped(at stopped: URL) -> URL? {
        guard (try? finishWriting()) != nil else { return nil }
        try? FileManager.default.removeItem(at: stopped)
        return (try? FileManager.default.moveItem(at: partial, to: stopped)) != nil ? stopped : nil
    }

    /// Closes and removes the file of an import that wrote nothing.
    func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(at: partial)
    }

    private func finishWriting() throws {
        try flush()
        try? handle.close()
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw GatewayError(.storage, "cannot write the rejects report \(partial.path) (disk full?)")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
