import Foundation
public import Logging
import Synchronization

/// A log handler for a busy server: one line per message on a file descriptor (standard error by default), in the
/// layout of swift-log's `StreamLogHandler` (`2026-11-23T23:31:59+0000 info pdgate.server: key=value [source]
/// message`), but cheap enough for a line per HTTP request.
///
/// `StreamLogHandler` formats the time with the C library on every line and writes each one through a locked,
/// flushed `FILE`; under load that was a tenth of a lookup's cost. Here the time's text is rebuilt once a second,
/// and lines of level `info` and below wait in a buffer that is written with one system call when it holds 16 KiB
/// or at the latest ``flushInterval`` after its first line. A line of level `notice` or above is written at once,
/// after everything before it, so warnings and errors are never held back; so is everything when the process calls
/// ``LineLogSink/flush()`` before it exits. A crash can lose at most the last ``flushInterval`` of request lines.
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: LineLogSink

    /// A handler writing through `sink` (for ``Logger/init(label:factory:)``).
    public init(label: String, sink: LineLogSink = .standardError) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var text = sink.timestamp()
        text.reserveCapacity(256)
        text += " "
        text += event.level.rawValue
        text += " "
        text += label
        text += ":"
        // The handler's and the event's metadata (the event's value wins), sorted by key, without building a
        // merged dictionary per line.
        var pairs: [(key: String, value: Logger.MetadataValue)] = []
        pairs.reserveCapacity(metadata.count + (event.metadata?.count ?? 0))
        if let extra = event.metadata {
            for pair in metadata where extra[pair.key] == nil { pairs.append(pair) }
            for pair in extra { pairs.append(pair) }
        } else {
            for pair in metadata { pairs.append(pair) }
        }
        pairs.sort { $0.key < $1.key }
        for pair in pairs {
            text += " "
            text += pair.key
            text += "="
            text += pair.value.description
        }
        text += " ["
        text += event.source
        text += "] "
        text += event.message.description
        text += "\n"
        sink.append(text, urgent: event.level >= .notice)
    }
}

/// Where ``LineLogHandler`` lines go: a buffer in front of one file descriptor, shared by every handler of it.
public final class LineLogSink: Sendable {
    private struct State: ~Copyable {
        var pending: [UInt8] = []
        var flushScheduled = false
        var second = 0
        var stamp = ""
    }

    /// Standard error, shared by the whole process.
    public static let standardError = LineLogSink(fileDescriptor: 2)

    /// The longest a line of level `info` or below waits before it is written.
    public static let flushInterval: Duration = .milliseconds(100)
    /// Buffered bytes that trigger a write at once.
    static let bufferLimit = 16 * 1024

    private let fileDescriptor: Int32
    private let state = Mutex(State())
    private let timer = DispatchQueue(label: "pdgate.log.flush")

    /// A sink writing to an open file descriptor, which it never closes.
    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    /// Writes every buffered line now.
    public func flush() {
        state.withLock { writePending(&$0) }
    }

    /// Buffers a line, writing the buffer at once when the line is urgent or the buffer full. Writes happen under
    /// the lock, so lines reach the descriptor in the order they were appended.
    func append(_ line: String, urgent: Bool) {
        let schedule = state.withLock { state in
            state.pending.append(contentsOf: line.utf8)
            if urgent || state.pending.count >= Self.bufferLimit {
                writePending(&state)
                return false
            }
            guard !state.flushScheduled else { return false }
            state.flushScheduled = true
            return true
        }
        if schedule {
            let (seconds, attoseconds) = Self.flushInterval.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            timer.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
                state.withLock { state in
                    state.flushScheduled = false
                    writePending(&state)
                }
            }
        }
    }

    /// The current time as `2026-11-23T23:31:59+0000` (UTC), formatted once per second.
    func timestamp() -> String {
        var now = time(nil)
        return state.withLock { state in
            if state.second != now || state.stamp.isEmpty {
                var parts = tm()
                gmtime_r(&now, &parts)
                var buffer = [CChar](repeating: 0, count: 32)
                let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S+0000", &parts)
                state.stamp = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                state.second = now
            }
            return state.stamp
        }
    }

    /// Writes the buffered lines and empties the buffer; called with the lock held, so writes keep their order.
    private func writePending(_ state: inout State) {
        write(state.pending)
        state.pending.removeAll(keepingCapacity: true)
    }

    /// Writes `bytes` whole, retrying after interruptions and short writes; a failing descriptor drops the rest.
    private func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
