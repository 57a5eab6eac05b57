import Foundation
import PDGateTesting
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A running `pdgate serve` on a loopback port, started from a ``PDGateRunner``'s data directory and environment.
final class ServeProcess: Sendable {
    let port: Int
    private let process: ChildProcess
    private let folder: URL
    private var logFile: URL { folder.appendingPathComponent("stderr") }

    /// Starts the server and returns once `/healthz` answers.
    ///
    /// - Throws: When the process cannot start, or exits or stays silent for ten seconds.
    init(_ pdgate: PDGateRunner, port: Int, arguments: [String] = []) async throws {
        self.port = port
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env["PDGATE_POLICIES"] = PDGateRunner.root.appendingPathComponent("Policies").path
        env["PDGATE_DATA"] = pdgate.data.path
        for (key, value) in pdgate.environment { env[key] = value }
        process = try await ChildProcess.start(
            PDGateRunner.executable.path, ["serve", "--port", "\(port)"] + arguments, environment: env,
            standardError: folder.appendingPathComponent("stderr"))
        try await waitUntilReady()
    }

    /// Starts a server on a random loopback port, trying another port when one is taken.
    static func start(_ pdgate: PDGateRunner, arguments: [String] = []) async throws -> ServeProcess {
        var lastError: (any Error)?
        for _ in 0..<3 {
            do {
                return try await ServeProcess(pdgate, port: Int.random(in: 20_000...40_000), arguments: arguments)
            } catch let error as ServeError {
                lastError = error
            }
        }
        throw lastError ?? ServeError(message: "pdgate serve did not start")
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Waits until this process says it listens on its port and `/healthz` answers; the server binds only after
    /// opening the gateway. The log line matters: another test's server that happens to hold the port answers
    /// `/healthz` too, while this one fails to bind and exits (then the caller tries another port).
    private func waitUntilReady() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        let listening = "listening on 127.0.0.1:\(port)"
        while ContinuousClock.now < deadline, process.isRunning {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            if log.contains(listening), process.isRunning,
                (try? await URLSession.shared.data(from: URL(string: base + "/healthz")!)) != nil {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let logs = stop()
        throw ServeError(message: "pdgate serve on port \(port) did not start: \(logs.suffix(2_000))")
    }

    /// Stops the server with SIGTERM and returns what it logged (again on later calls).
    @discardableResult
    func stop() -> String {
        process.stop()
        return (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    /// Kills the server with SIGKILL, as a crash would (no graceful shutdown), and waits until it is gone.
    func kill() {
        process.stop(with: SIGKILL)
    }

    struct ServeError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
