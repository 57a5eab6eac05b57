import Gateway
import Foundation
import Intake

/// The rows of a CSV file, read by Intake's streaming ``CSVReader``.
final class CSVRowSource: ImportRowSource {
    private var reader: CSVReader
    private let fileName: String

    let format = "csv"
    let sheetName: String? = nil
    let headerRow = 1
    let unnamedColumns: [String] = []

    var encodingName: String { reader.encoding.rawValue }

    var layoutName: String {
        switch reader.delimiter {
        case UInt8(ascii: ";"): ";"
        case UInt8(ascii: ","): ","
        default: "tab"
        }
    }

    /// Opens a CSV file.
    ///
    /// - Throws: ``GatewayError`` `malformedInput` when the file is not readable CSV.
    init(url: URL, options: ImportOptions) throws {
        fileName = url.lastPathComponent
        do {
            reader = try CSVReader(url: url, encoding: options.encoding, delimiter: options.delimiter)
        } catch {
            throw GatewayError(.malformedInput, "\(fileName): \(error.message)")
        }
    }

    func readHeader(score: ([String]) -> Int?) throws -> [String] {
        do {
            guard let first = try reader.next() else {
                throw GatewayError(.malformedInput, "\(fileName) is empty; expected a header row")
            }
            return first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        } catch let error as CSVError {
            throw GatewayError(.malformedInput, "\(fileName): \(error.message)")
        }
    }

    func forEachRow(_ body: (ImportRowStep, Int, Int) throws -> Void) throws {
        while true {
            let record: CSVRecord?
            do {
                record = try reader.next()
            } catch {
                guard error.isRecordLevel else { throw error }
                let reason = error.code == .mixedEncoding ? "mixed_encoding" : "bad_encoding"
                try body(.undecodable(row: error.record ?? 0, reason: reason, message: error.message),
                         reader.bytesRead, reader.fileSize)
                continue
            }
            guard let record else { break }
            try body(.record(record), reader.bytesRead, reader.fileSize)
        }
    }
}
