import AsyncHTTPTransport
import ConnectorKit
import Foundation
import Synchronization

/// A closed-loop HTTP load: `concurrency` requests in flight until `seconds` have passed (after a warm-up of a
/// second), each answer timed; the server process's CPU read from `/proc` before and after.
struct HTTPLoad: Sendable {
    /// The figures of one phase.
    struct Phase: Codable, Sendable {
        var requests: Int
        var errors: Int
        var seconds: Double
        var requestsPerSecond: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        /// User and system CPU of the server process per answered request.
        var serverCPUMillisecondsPerRequest: Double
    }

    let transport: AsyncHTTPClientTransport
    let concurrency: Int
    let seconds: Double

    /// Runs one phase; `request` makes the n-th request of a worker.
    func measure(server: LookupServer, _ request: @escaping @Sendable (Int) -> TransportRequest) async throws -> Phase {
        _ = try await run(for: 1, request)
        let cpuBefore = server.cpuSeconds()
        let started = ContinuousClock.now
        let (latencies, errors) = try await run(for: seconds, request)
        let elapsed = Self.seconds(ContinuousClock.now - started)
        let cpu = server.cpuSeconds() - cpuBefore
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))] * 1_000
        }
        return Phase(requests: sorted.count, errors: errors, seconds: elapsed,
                     requestsPerSecond: Double(sorted.count) / elapsed, p50Milliseconds: percentile(0.5),
                     p99Milliseconds: percentile(0.99),
                     serverCPUMillisecondsPerRequest: sorted.isEmpty ? 0 : cpu * 1_000 / Double(sorted.count))
    }

    /// Every worker's latencies (seconds) of answers with status 200, and the count of the others.
    private func run(for seconds: Double, _ request: @escaping @Sendable (Int) -> TransportRequest) async throws
        -> ([Double], Int)
    {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1_000))
        let transport = self.transport
        return try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    var n = worker
                    while ContinuousClock.now < deadline {
                        let start = ContinuousClock.now
                        let answer = try? await transport.send(request(n))
                        if answer?.status == 200 {
                            latencies.append(Self.seconds(ContinuousClock.now - start))
                        } else {
                            errors += 1
                        }
                        n += concurrency
                    }
                    return (latencies, errors)
                }
            }
            var all: [Double] = []
            var errors = 0
            for try await (latencies, failed) in group {
                all += latencies
                errors += failed
            }
            return (all, errors)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// `pdgate serve` as a child process of the benchmark, its output in the work directory.
final class LookupServer: Sendable {
    private let process: Process

    private init(process: Process) {
        self.process = process
    }

    /// Starts this very executable with `arguments`.
    static func start(arguments: [String], folder: URL) throws -> LookupServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
        process.arguments = arguments
        let log = folder.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return LookupServer(process: process)
    }

    /// Polls `/livez` until the server answers.
    func waitUntilUp(_ transport: AsyncHTTPClientTransport, port: Int) async throws {
        for _ in 0..<400 {
            let url = URL(string: "http://127.0.0.1:\(port)/livez")!
            if let answer = try? await transport.send(TransportRequest(method: "GET", url: url)), answer.status == 200 {
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CLIFailure(message: "error: pdgate serve did not start on port \(port) (see serve.log)", exitCode: 1)
    }

    /// User plus system CPU seconds the server has used, from `/proc/<pid>/stat` (0 where there is none).
    func cpuSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // After the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Stops the server (SIGTERM) and waits for it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
