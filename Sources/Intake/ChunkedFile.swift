import Foundation

/// A file read front to back in chunks into a sliding byte buffer.
///
/// ``bytes`` holds the part of the file from ``offset`` that has been read and not yet discarded.
struct ChunkedFile {
    private let handle: FileHandle
    /// The number of bytes asked of the file per read.
    let chunkSize: Int
    /// The size of the file when it was opened.
    let size: Int
    /// The buffered bytes.
    private(set) var bytes: [UInt8] = []
    /// The file offset of `bytes[0]`.
    private(set) var offset = 0
    /// Whether the end of the file has been reached: `bytes` then runs to the end of the file.
    private(set) var atEOF = false

    /// Opens `url` for reading.
    ///
    /// - Throws: ``CSVError`` with ``CSVError/Code/unreadableFile``.
    init(url: URL, chunkSize: Int) throws(CSVError) {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CSVError(.unreadableFile, "the file does not exist; check the path")
        }
        guard !isDirectory.boolValue else {
            throw CSVError(.unreadableFile, "the path is a directory, not a CSV file")
        }
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw CSVError(.unreadableFile, "the file cannot be opened for reading; check its permissions")
        }
        do {
            let end = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
            size = Int(end)
        } catch {
            throw CSVError(.unreadableFile, "the file cannot be read from the start again; pass a regular file")
        }
        self.handle = handle
        self.chunkSize = max(1, chunkSize)
    }

    /// Discards the bytes before `keep`, then reads at least `minimum` more bytes (fewer at the end of the file).
    ///
    /// - Returns: The number of bytes discarded from the front; indexes into ``bytes`` shift down by it.
    /// - Throws: ``CSVError`` with ``CSVError/Code/unreadableFile`` when reading fails.
    @discardableResult
    mutating func refill(keepingFrom keep: Int, minimum: Int = 0) throws(CSVError) -> Int {
        if keep > 0 {
            bytes.removeSubrange(0..<keep)
            offset += keep
        }
        var wanted = max(minimum, chunkSize)
        while wanted > 0 && !atEOF {
            let data: Data?
            do {
                data = try handle.read(upToCount: wanted)
            } catch {
                throw CSVError(.unreadableFile, "reading the file failed after \(offset + bytes.count) bytes")
            }
            guard let data, !data.isEmpty else {
                atEOF = true
                break
            }
            bytes.append(contentsOf: data)
            wanted -= data.count
        }
        return keep
    }

    /// Reads the rest of the file without buffering it, passing each chunk to `body`, then returns to where the
    /// buffered bytes end.
    ///
    /// - Parameter body: Called with each chunk; return `false` to stop early.
    /// - Throws: ``CSVError`` with ``CSVError/Code/unreadableFile`` when reading or seeking fails.
    func scanRemainder(_ body: (UnsafeBufferPointer<UInt8>) -> Bool) throws(CSVError) {
        guard !atEOF else { return }
        let resume = UInt64(offset + bytes.count)
        do {
            while let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
                let proceed = data.withUnsafeBytes { raw in body(raw.bindMemory(to: UInt8.self)) }
                if !proceed { break }
            }
            try handle.seek(toOffset: resume)
        } catch {
            throw CSVError(.unreadableFile, "reading the file failed while detecting its encoding")
        }
    }
}
