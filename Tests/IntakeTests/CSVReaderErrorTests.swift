import Foundation
import Intake
import Testing

@Suite("CSVReader errors")
struct CSVReaderErrorTests {
    @Test("An unterminated quote names the record and the line where the quote opened")
    func unterminatedQuote() throws {
        // Record 4 starts on line 5; its first field spans two lines, and the quote that never closes opens on 6.
        let text = "h1;h2\na;b\nc;\"multi\nline\"\n\"two\nlines\";\"unclosed-note\nsecond-part\n"
        try withTemporaryFile(text) { url in
            var reader = try CSVReader(url: url)
            for _ in 1...3 { _ = try reader.next() }
            let error = try #require(throws: CSVError.self) { try reader.next() }
            #expect(error.code == .unterminatedQuote)
            #expect(error.record == 4)
            #expect(error.line == 6)
            #expect(error.description.hasPrefix("unterminatedQuote at record 4 (line 6): "))
            #expect(!error.message.contains("unclosed-note") && !error.message.contains("second-part"))
            // The reader stays failed rather than guessing where the next record starts.
            #expect(throws: error) { try reader.next() }
        }
    }

    @Test("An unterminated quote is found whatever the chunk size", arguments: [1, 3, 7, 64])
    func unterminatedQuoteChunked(chunkSize: Int) throws {
        let error = try #require(try readError(Array("h\n\"open\n\n".utf8), chunkSize: chunkSize))
        #expect(error.code == .unterminatedQuote && error.record == 2 && error.line == 2)
    }

    @Test("A runaway quoted field stops at the record limit, naming record, line and the open quote")
    func recordTooLarge() throws {
        let text = "h1;h2\nok;fine\nx;\"runaway\n" + String(repeating: "anna@example.com;+79001234567\n", count: 100)
        try withTemporaryFile(text) { url in
            var reader = try CSVReader(url: url, maxRecordBytes: 1_000, chunkSize: 64)
            _ = try reader.next()
            _ = try reader.next()
            let error = try #require(throws: CSVError.self) { try reader.next() }
            #expect(error.code == .recordTooLarge)
            #expect(error.record == 3 && error.line == 3)
            #expect(error.message.contains("1000 bytes") && error.message.contains("line 3"))
            #expect(!error.message.contains("example.com"))
            #expect(throws: error) { try reader.next() }
        }
    }

    @Test("The default limit is 1 MiB")
    func defaultLimit() throws {
        let bytes = Array("h\n\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 1_100_000)
        let error = try #require(try readError(bytes))
        #expect(error.code == .recordTooLarge && error.record == 2 && error.line == 2)
        #expect(error.message.contains("1 MiB"))
    }

    @Test("A record over the limit is refused even when it arrives in one chunk")
    func recordTooLargeInOneChunk() throws {
        let bytes = Array(("h\n" + String(repeating: "y", count: 200)).utf8)
        let error = try #require(try readError(bytes, maxRecordBytes: 100))
        #expect(error.code == .recordTooLarge && error.record == 2)
    }

    @Test("A binary file is refused at open")
    func binaryFile() throws {
        let zipHeader: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]
        #expect(try readError(zipHeader)?.code == .binaryContent)
        #expect(try readError(zipHeader, encoding: .windows1251)?.code == .binaryContent)
    }

    @Test("A NUL byte after the first chunk is found by the encoding scan")
    func lateNULWhileDetecting() throws {
        let bytes = Array(String(repeating: "a;b\n", count: 40).utf8) + [0x00] + Array("\n".utf8)
        let error = try #require(try readError(bytes, chunkSize: 16))
        #expect(error.code == .binaryContent && error.record == nil)
    }

    @Test("A NUL byte met while reading names its record and line")
    func lateNULWhileReading() throws {
        let bytes = Array(String(repeating: "a;b\n", count: 40).utf8) + Array("c;".utf8) + [0x00] + Array("\n".utf8)
        let error = try #require(try readError(bytes, encoding: .utf8, chunkSize: 16))
        #expect(error.code == .binaryContent && error.record == 41 && error.line == 41)
    }

    @Test("Files without records are empty", arguments: [[], [0xEF, 0xBB, 0xBF], Array("\r\n\n\r\n".utf8)])
    func emptyFile(bytes: [UInt8]) throws {
        #expect(try readError(bytes)?.code == .emptyFile)
    }

    @Test("A missing file or a directory is unreadable, and the message does not repeat the path")
    func unreadableFile() throws {
        let directory = FileManager.default.temporaryDirectory
        let missing = directory.appendingPathComponent("no-such-\(UUID().uuidString).csv")
        let notFound = try #require(throws: CSVError.self) { _ = try CSVReader(url: missing) }
        #expect(notFound.code == .unreadableFile)
        #expect(!notFound.message.contains("no-such-"))
        let isDirectory = try #require(throws: CSVError.self) { _ = try CSVReader(url: directory) }
        #expect(isDirectory.code == .unreadableFile)
    }
}
