import Foundation

/// A service emulator (a Python program of `Tests/ConnectorTests/Emulators`) as a child process for the benchmarks
/// (`ConnectorBench`, `pdgate bench deliver`): started on a free loopback port, stopped when its stdin closes.
///
/// `@unchecked Sendable`: the process and pipe are only touched in `start` and `stop`.
public final class BenchEmulator: @unchecked Sendable {
    /// The loopback port it listens on.
    public let port: Int
    private let process: Process
    private let stdin: Pipe

    private init(process: Process, stdin: Pipe, port: Int) {
        self.process = process
        self.stdin = stdin
        self.port = port
    }

    /// Starts `script` with the emulator's `--engine`, `--latency-ms` (added to every API request) and `--faults`
    /// (JSON, see emulator_base.py), and waits for the port it prints.
    public static func start(script: String, engine: String, latencyMs: Int = 0, faults: String = "{}") throws
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

    /// Closes its stdin and waits for it to exit.
    public func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
