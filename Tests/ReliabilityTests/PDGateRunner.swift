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

    private var childEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PDGATE_POLICIES"] = Self.root.appendingPathComponent("Policies").path
        env["PDGATE_DATA"] = data.path
        for (key, value) in environment { env[key] = value }
        return env
    }

    /// Runs a command to completion.
    func run(_ arguments: [String]) async throws -> Output {
        let output = try await ChildProcess.run(Self.executable.path, arguments, environment: childEnvironment,
                                                workingDirectory: Self.root.path)
        return Output(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }

    /// Starts a command and kills it with SIGKILL after `delay` seconds unless it finished first.
    ///
    /// - Returns: Whether the kill landed (the process was still running), and its exit status otherwise.
    func runKilled(_ arguments: [String], after delay: Double) async throws -> (killed: Bool, status: Int32) {
        let process = try await ChildProcess.start(Self.executable.path, arguments, environment: childEnvironment,
                                                   workingDirectory: Self.root.path)
        let deadline = ContinuousClock.now + .seconds(delay)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        let killed = process.isRunning
        process.signal(SIGKILL)
        let termination = try await process.termination()
        if case .signaled(let signal) = termination, signal != SIGKILL {
            Issue.record("pdgate \(arguments.first ?? "") died of signal \(signal) on its own")
        }
        return (killed && termination == .signaled(SIGKILL), termination.status)
    }
}
