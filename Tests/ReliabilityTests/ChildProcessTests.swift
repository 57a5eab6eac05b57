import Foundation
import PDGateTesting
import Testing

/// The test helper that starts programs: it must work in a process holding many descriptors (where Foundation's
/// `Process.run()` over-reads its `/proc/self/fd` scan and crashes), and children must not inherit them.
@Suite("Child processes of the tests")
struct ChildProcessTests {
    @Test("Children start while this process holds 1,500 more descriptors, and inherit none of them")
    func manyDescriptors() async throws {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        try #require(limit.rlim_cur > 4_000, "the open-file limit is too low for this test")
        let opened = (0..<1_500).map { _ in open("/dev/null", O_RDONLY) }
        defer { opened.forEach { close($0) } }
        #expect(opened.allSatisfy { $0 >= 0 })
        for _ in 0..<20 {
            let output = try await ChildProcess.run("/bin/sh", ["-c", "ls /proc/self/fd | wc -l"])
            #expect(output.termination == .exited(0))
            // stdin, stdout, stderr and the directory `ls` reads.
            #expect((Int(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .max) <= 5)
        }
    }

    @Test("A run reports exit code, output and error separately or combined")
    func runToEnd() async throws {
        let separate = try await ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"],
                                                  environment: ["LANG": "C"])
        #expect(separate.termination == .exited(3))
        #expect(separate.stdout == "out\n")
        #expect(separate.stderr == "err\n")
        let combined = try await ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2"],
                                                  combineErrorWithOutput: true)
        #expect(combined.stdout.contains("out") && combined.stdout.contains("err"))
        let environment = try await ChildProcess.run("/bin/sh", ["-c", "echo $ONLY:$HOME"], environment: ["ONLY": "1"],
                                                     workingDirectory: "/tmp")
        #expect(environment.stdout == "1:\n")
    }

    @Test("A background child runs until stopped; its port is read from its first line")
    func background() async throws {
        let (child, port) = try await ChildProcess.startListening(
            "/bin/sh", ["-c", "echo 'PORT 4321'; exec sleep 30"])
        let process = try #require(child)
        #expect(port == 4321)
        #expect(process.isRunning)
        process.stop()
        #expect(try await process.termination() == .signaled(SIGTERM))
        #expect(!process.isRunning)

        let quiet = try await ChildProcess.startListening("/bin/sh", ["-c", "echo nothing"], timeout: .seconds(5))
        #expect(quiet.0 == nil)

        let ended = try await ChildProcess.start("/bin/sh", ["-c", "exit 7"])
        #expect(try await ended.termination() == .exited(7))
        ended.stop()
    }
}
