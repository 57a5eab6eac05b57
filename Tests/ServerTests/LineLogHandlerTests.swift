import Foundation
import Logging
import Testing
@testable import Server

/// The server's log lines keep StreamLogHandler's layout, wait at most a moment when routine, and never hold back
/// a warning or reorder lines.
@Suite("Buffered log lines")
struct LineLogHandlerTests {
    /// A sink writing to a fresh temporary file, and a way to read what reached it.
    static func makeSink() throws -> (LineLogSink, () throws -> String, () -> Void) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-log-\(UUID().uuidString)")
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(descriptor >= 0)
        let read = { try String(contentsOf: url, encoding: .utf8) }
        let close = {
            _ = Foundation.close(descriptor)
            try? FileManager.default.removeItem(at: url)
        }
        return (LineLogSink(fileDescriptor: descriptor), read, close)
    }

    @Test("Routine lines wait for the flush; a warning writes them first, then itself, in order")
    func bufferingAndOrder() throws {
        let (sink, read, close) = try Self.makeSink()
        defer { close() }
        var logger = Logger(label: "pdgate.test") { LineLogHandler(label: $0, sink: sink) }
        logger[metadataKey: "z.handler"] = "h"
        logger.info("first", metadata: ["b.key": "2", "a.key": "1"])
        logger.info("second")
        #expect(try read().isEmpty, "info lines are buffered")
        logger.warning("third")
        let lines = try read().split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasSuffix(" info pdgate.test: a.key=1 b.key=2 z.handler=h [ServerTests] first"))
        #expect(lines[1].hasSuffix(" info pdgate.test: z.handler=h [ServerTests] second"))
        #expect(lines[2].hasSuffix(" warning pdgate.test: z.handler=h [ServerTests] third"))
        let stamp = try #require(lines[0].split(separator: " ").first)
        #expect(stamp.count == 24 && stamp.hasSuffix("+0000") && stamp.dropFirst(10).first == "T")
        logger.debug("not at info level")
        sink.flush()
        #expect(try read().split(separator: "\n").count == 3)
    }

    @Test("A routine line reaches the file within moments without a flush")
    func timedFlush() async throws {
        let (sink, read, close) = try Self.makeSink()
        defer { close() }
        let logger = Logger(label: "pdgate.test") { LineLogHandler(label: $0, sink: sink) }
        logger.info("alone")
        var waited = 0
        while try read().isEmpty && waited < 50 {
            try await Task.sleep(for: .milliseconds(50))
            waited += 1
        }
        #expect(try read().hasSuffix("[ServerTests] alone\n"))
    }

    @Test("A full buffer is written at once, every line whole")
    func fullBuffer() throws {
        let (sink, read, close) = try Self.makeSink()
        defer { close() }
        let logger = Logger(label: "pdgate.test") { LineLogHandler(label: $0, sink: sink) }
        for number in 0..<400 { logger.info("line \(number)") }
        let written = try read()
        #expect(written.utf8.count >= LineLogSink.bufferLimit)
        #expect(written.hasSuffix("\n"))
        sink.flush()
        let lines = try read().split(separator: "\n")
        #expect(lines.count == 400)
        #expect(lines.enumerated().allSatisfy { $1.hasSuffix("line \($0)") })
    }
}
