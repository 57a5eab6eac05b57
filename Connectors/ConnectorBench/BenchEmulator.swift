import Foundation

/// The Mailchimp emulator as a child process for the benchmark.
///
/// `@unchecked Sendable`: the process and pipe are only touched in `start` and `stop`.
final class BenchEmulator: @unchecked Sendable {
    let port: Int
    private let process: Process
    private let stdin: Pipe

    private init(process: Process, stdin: Pipe, port: Int) {
        self.process = process
        self.stdin = stdin
        self.port = port
    }

    static func start(script: String, engine: String, latencyMs: Int = 0, faults: String = "{}") throws
        -> BenchEmulator {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--port", "0", "--engine", engine, "--latency-ms", String(latencyMs),
                             "--faults", faults]
        process.currentDirectoryURL = URL(fileURLWithPath: script).deletingLastPathComponent()
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        var buffer = Data()
        while true {
            let chunk = stdout.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            buffer.append(chunk)
            if let line = String(data: buffer, encoding: .utf8)?.split(separator: "\n").first, line.hasPrefix("PORT "),
                let port = Int(line.dropFirst(5)) {
                return BenchEmulator(process: process, stdin: stdin, port: port)
            }
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown)
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
