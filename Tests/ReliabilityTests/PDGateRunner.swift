import Foundation
import PDGateTesting
import Testing

/// Runs the built `pdgate` executable on one data directory, to completion or killed with SIGKILL.
struct PDGateRunner {
    static let root = Checkout.root

    static var executable: URL { Checkout.debugExecutable("pdgate") }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String

        /// stdout parsed as a JSON object.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] ?? [:]
        }
    }

    let data: URL
    var environment: [String: String] = [:]

    init(data: URL, environment: [String: String] = [:]) {
        self.data = data
        self.environment = environment
    }

    private func makeProcess(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        var env = ProcessInfo.processInfo.environment
        env["PDGATE_POLICIES"] = Self.root.appendingPathComponent("Policies").path
        env["PDGATE_DATA"] = data.path
        for (key, value) in environment { env[key] = value }
        process.environment = env
        return process
    }

    /// Runs a command to completion.
    func run(_ arguments: [String]) throws -> Output {
        let process = makeProcess(arguments)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read stderr on another thread so neither pipe fills while the other is drained.
        let errorText = ErrorCollector(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: errorText.wait())
    }

    /// Starts a command and kills it with SIGKILL after `delay` seconds unless it finished first.
    ///
    /// - Returns: Whether the kill landed (the process was still running), and its exit status otherwise.
    func runKilled(_ arguments: [String], after delay: Double) throws -> (killed: Bool, status: Int32) {
        let process = makeProcess(arguments)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(delay)
        while process.isRunning, Date() < deadline { usleep(2_000) }
        var killed = false
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            killed = true
        }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal && process.terminationStatus != SIGKILL {
            Issue.record("pdgate \(arguments.first ?? "") died of signal \(process.terminationStatus) on its own")
        }
        return (killed && process.terminationReason == .uncaughtSignal, process.terminationStatus)
    }
}

/// Drains a pipe on a background thread. `@unchecked Sendable`: the buffer is written by that thread only and read
/// after the semaphore signals that it finished.
final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
