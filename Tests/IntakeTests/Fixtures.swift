import Foundation
import Intake

/// The shared test data (`../shared/data/` next to the repository) and its manifests.
enum Fixtures {
    /// The folder holding the customer exports and their manifests: `../shared/data` beside the checkout, or
    /// `$PDGATE_SHARED_DATA` (a checkout elsewhere, such as a worktree).
    static let dataDirectory: URL = ProcessInfo.processInfo.environment["PDGATE_SHARED_DATA"]
        .map { URL(fileURLWithPath: $0, isDirectory: true) } ?? URL(fileURLWithPath: #filePath)
        .resolvingSymlinksInPath()
        .deletingLastPathComponent()  // IntakeTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("../shared/data", isDirectory: true)
        .standardizedFileURL

    static let utf8File = dataDirectory.appendingPathComponent("customers-1k.csv")
    static let windows1251File = dataDirectory.appendingPathComponent("customers-1k-cp1251.csv")

    /// What the manifest of a fixture says about each data record.
    struct Manifest: Decodable {
        struct Row: Decodable {
            /// The record number (the header is record 1).
            let row: Int
            /// `new`, `merge` or `reject`.
            let expect: String
            /// Why a rejected row is rejected: `no_name`, `short_row`, `too_long`, `bad_email`, `bad_phone`,
            /// `no_contact`.
            let why: String?
            let email: String?
            let phone: String?
        }

        let rows: [Row]

        func records(rejectedFor reason: String) -> [Int] {
            rows.filter { $0.why == reason }.map(\.row)
        }
    }

    static func manifest(for csv: URL) throws -> Manifest {
        let url = csv.deletingPathExtension().appendingPathExtension("manifest.json")
        return try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url))
    }
}

/// What reading a whole file produced.
struct ReadResult {
    let encoding: TextEncoding
    let delimiter: UInt8
    let fileSize: Int
    let bytesRead: Int
    let records: [CSVRecord]

    var fields: [[String]] { records.map(\.fields) }
}

/// Reads every record of `url`.
func readAll(
    _ url: URL,
    encoding: TextEncoding? = nil,
    delimiter: UInt8? = nil,
    maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes,
    chunkSize: Int = CSVReader.defaultChunkSize
) throws(CSVError) -> ReadResult {
    var reader = try CSVReader(
        url: url, encoding: encoding, delimiter: delimiter, maxRecordBytes: maxRecordBytes, chunkSize: chunkSize
    )
    var records: [CSVRecord] = []
    while let record = try reader.next() {
        records.append(record)
    }
    return ReadResult(
        encoding: reader.encoding, delimiter: reader.delimiter, fileSize: reader.fileSize,
        bytesRead: reader.bytesRead, records: records
    )
}

/// Writes `bytes` to a file in a fresh temporary folder, runs `body` with its URL, then removes the folder.
func withTemporaryFile<T>(_ bytes: [UInt8], _ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("intake-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("input.csv")
    try Data(bytes).write(to: url)
    return try body(url)
}

/// Writes `text` as UTF-8, after a byte order mark when `bom` is set, and runs `body` with the file's URL.
func withTemporaryFile<T>(_ text: String, bom: Bool = false, _ body: (URL) throws -> T) throws -> T {
    try withTemporaryFile((bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8), body)
}

/// Reads every record of a temporary file holding `text`.
func readAll(text: String, bom: Bool = false, chunkSize: Int = CSVReader.defaultChunkSize) throws -> ReadResult {
    try withTemporaryFile(text, bom: bom) { try readAll($0, chunkSize: chunkSize) }
}

/// The error raised while opening or reading a temporary file holding `bytes`, if any.
func readError(
    _ bytes: [UInt8],
    encoding: TextEncoding? = nil,
    maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes,
    chunkSize: Int = CSVReader.defaultChunkSize
) throws -> CSVError? {
    try withTemporaryFile(bytes) { url -> CSVError? in
        do throws(CSVError) {
            _ = try readAll(url, encoding: encoding, maxRecordBytes: maxRecordBytes, chunkSize: chunkSize)
            return nil
        } catch {
            return error
        }
    }
}
