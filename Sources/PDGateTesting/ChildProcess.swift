public import Foundation
import Subprocess
import Synchronization
import SystemPackage

/// A program a test runs: to its end (``run(_:_:environment:workingDirectory:combineErrorWithOutput:)``) or in
/// the background until stopped (``start(_:_:environment:workingDirectory:standardOutput:standardError:)``).
///
/// Started through swift-subprocess, never Foundation's `Process`: on Linux `Process.run()` finds the highest open
/// descriptor by copying 256 bytes of every `/proc/self/fd` entry, which reads past glibc's 32 KiB directory
/// buffer once the process holds about 1,365 descriptors, as a test process running suites in parallel does, and
/// crashes it (swift-corelibs-foundation #5472). swift-subprocess closes inherited descriptors in the child.
///
/// A background child's standard input stays open while it runs, so programs that exit at end of input (the
/// emulators) never outlive the test process.
public final class ChildProcess: Sendable {
    /// How a child ended.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)

        /// The exit code, or 128 plus the signal as a shell reports it.
        public var status: Int32 {
            switch self {
            case .exited(let code): code
            case .signaled(let signal): 128 + signal
            }
        }
    }

    /// What a child run to its end wrote, and how it ended.
    public struct Output: Sendable {
        public var termination: Termination
        public var stdout: String
        public var stderr: String

        /// ``Termination/status``.
        public var status: Int32 { termination.status }
    }

    /// The child's process id.
    public let processIdentifier: Int32
    private let outcome: Task<Termination, any Error>
    private let ended: EndFlag

    /// Set once the child has ended and been reaped.
    private final class EndFlag: Sendable {
        let value = Atomic(false)
    }

    private init(processIdentifier: Int32, outcome: Task<Termination, any Error>, ended: EndFlag) {
        self.processIdentifier = processIdentifier
        self.outcome = outcome
        self.ended = ended
    }

    /// Runs `executable` to its end and returns what it wrote (at most 256 MiB on each stream).
    ///
    /// - Parameters:
    ///   - environment: The whole environment of the child; `nil` passes this process's.
    ///   - combineErrorWithOutput: Whether standard error goes into `stdout` too (`stderr` is then empty).
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        workingDirectory: String? = nil,
        combineErrorWithOutput: Bool = false
    ) async throws -> Output {
        let configuration = Self.configuration(executable, arguments, environment, workingDirectory)
        let limit = 256 << 20
        if combineErrorWithOutput {
            let result = try await Subprocess.run(configuration, output: .string(limit: limit),
                                                  error: .combinedWithOutput)
            return Output(termination: Termination(result.terminationStatus), stdout: result.standardOutput,
                          stderr: "")
        }
        let result = try await Subprocess.run(configuration, output: .string(limit: limit),
                                              error: .string(limit: limit))
        return Output(termination: Termination(result.terminationStatus), stdout: result.standardOutput,
                      stderr: result.standardError)
    }

    /// Starts `executable` in the background.
    ///
    /// - Parameters:
    ///   - environment: The whole environment of the child; `nil` passes this process's.
    ///   - standardOutput: A file that receives the child's standard output (created or truncated); `nil`
    ///     discards it.
    ///   - standardError: The same for standard error.
    /// - Throws: When the program cannot be started.
    public static func start(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        workingDirectory: String? = nil,
        standardOutput: URL? = nil,
        standardError: URL? = nil
    ) async throws -> ChildProcess {
        let configuration = Self.configuration(executable, arguments, environment, workingDirectory)
        let output = try Self.openForWriting(standardOutput)
        let error = try Self.openForWriting(standardError)
        let (started, startedInput) = AsyncStream<Int32>.makeStream()
        let ended = EndFlag()
        let outcome = Task<Termination, any Error> {
            defer {
                ended.value.store(true, ordering: .releasing)
                startedInput.finish()
            }
            let result = try await Subprocess.run(
                configuration, input: .inputWriter,
                output: .fileDescriptor(output, closeAfterSpawningProcess: true),
                error: .fileDescriptor(error, closeAfterSpawningProcess: true)
            ) { execution in
                startedInput.yield(execution.processIdentifier.value)
                startedInput.finish()
                try await Self.waitForExit(of: execution.processIdentifier.value)
            }
            return Termination(result.terminationStatus)
        }
        for await pid in started {
            return ChildProcess(processIdentifier: pid, outcome: outcome, ended: ended)
        }
        _ = try await outcome.value
        throw CocoaError(.executableLoad)
    }

    /// Whether the child is still running.
    public var isRunning: Bool {
        guard !ended.value.load(ordering: .acquiring) else { return false }
        var info = siginfo_t()
        return waitid(P_PID, id_t(processIdentifier), &info, WEXITED | WNOHANG | WNOWAIT) == 0
            && info._sifields._sigchld.si_pid == 0
    }

    /// Sends `signal` (SIGTERM by default) to the child while it runs.
    public func signal(_ signal: Int32 = SIGTERM) {
        if isRunning { kill(processIdentifier, signal) }
    }

    /// Blocks the calling thread until the child has ended (it may not have been reaped yet).
    public func waitUntilExit() {
        guard !ended.value.load(ordering: .acquiring) else { return }
        var info = siginfo_t()
        while waitid(P_PID, id_t(processIdentifier), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
    }

    /// Sends `signal` (SIGTERM by default) and waits until the child has ended.
    public func stop(with signal: Int32 = SIGTERM) {
        self.signal(signal)
        waitUntilExit()
    }

    /// Waits for the child to end and be reaped, and tells how it ended.
    public func termination() async throws -> Termination {
        try await outcome.value
    }

    /// Returns once the child has ended, looking every 20 ms without reaping it (swift-subprocess reaps it).
    private static func waitForExit(of pid: Int32) async throws {
        while true {
            var info = siginfo_t()
            let looked = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
            if looked != 0 || info._sifields._sigchld.si_pid != 0 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private static func configuration(
        _ executable: String, _ arguments: [String], _ environment: [String: String]?, _ workingDirectory: String?
    ) -> Configuration {
        let variables: Subprocess.Environment = environment.map { values in
            .custom(Dictionary(uniqueKeysWithValues: values.map { (Environment.Key(stringLiteral: $0.key), $0.value) }))
        } ?? .inherit
        return Configuration(executable: .path(FilePath(executable)), arguments: Arguments(arguments),
                             environment: variables, workingDirectory: workingDirectory.map { FilePath($0) })
    }

    /// `file` opened for writing (created or truncated), or `/dev/null`.
    private static func openForWriting(_ file: URL?) throws -> FileDescriptor {
        guard let file else { return try FileDescriptor.open("/dev/null", .writeOnly) }
        return try FileDescriptor.open(FilePath(file.path), .writeOnly, options: [.create, .truncate],
                                       permissions: [.ownerReadWrite])
    }
}

extension ChildProcess.Termination {
    init(_ status: TerminationStatus) {
        switch status {
        case .exited(let code): self = .exited(code)
        case .signaled(let signal): self = .signaled(signal)
        }
    }
}
