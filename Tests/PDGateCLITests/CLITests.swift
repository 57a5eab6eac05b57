import Foundation
import PDGateTesting
import Testing

/// Runs the built `pdgate` executable as an operator would.
struct PDGateProcess {
    static let root = Checkout.root

    static var executable: URL { Checkout.debugExecutable("pdgate") }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Output {
        var env = ProcessInfo.processInfo.environment
        env["PDGATE_POLICIES"] = root.appendingPathComponent("Policies").path
        for (key, value) in environment { env[key] = value }
        let output = try await ChildProcess.run(executable.path, arguments, environment: env,
                                                workingDirectory: root.path)
        return Output(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }
}

@Suite("pdgate command line", .serialized)
struct CLITests {
    let data: String

    init() {
        data = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-cli-\(UUID().uuidString)").path
    }

    @Test("init creates a private master key and refuses to run twice")
    func initOnce() async throws {
        defer { try? FileManager.default.removeItem(atPath: data) }
        let first = try await PDGateProcess.run(["init", "--data", data])
        #expect(first.status == 0, "\(first.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: data + "/master.key")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let second = try await PDGateProcess.run(["init", "--data", data])
        #expect(second.status == 1)
        #expect(second.stderr.contains("already exists"))
    }

    @Test("import --json, subject find and show, audit verify: the whole flow through PDGATE_DATA")
    func importFindShow() async throws {
        defer { try? FileManager.default.removeItem(atPath: data) }
        let env = ["PDGATE_DATA": data]
        #expect(try await PDGateProcess.run(["init"], environment: env).status == 0)
        let imported = try await PDGateProcess.run(["import", "Demo/customers-demo.csv", "--json"], environment: env)
        #expect(imported.status == 0, "\(imported.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any]
        #expect(summary?["imported"] as? Int == 200)
        #expect(summary?["merged"] as? Int == 1)
        #expect(summary?["rejected"] as? Int == 3)

        let found = try await PDGateProcess.run(["subject", "find", "--email", "CUSTOMER1@example.com"], environment: env)
        #expect(found.status == 0)
        let id = found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("sub_") && id.count == 30)

        let shown = try await PDGateProcess.run(["subject", "show", id, "--json"], environment: env)
        #expect(shown.status == 0)
        let view = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        let fields = view?["fields"] as? [[String: Any]] ?? []
        #expect(fields.contains { $0["name"] as? String == "email" && $0["value"] as? String == "customer1@example.com" })

        let verified = try await PDGateProcess.run(["audit", "verify"], environment: env)
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("intact"))
        // Nothing the commands printed on stderr carries the person's data.
        #expect(!imported.stderr.contains("example.com") && !shown.stderr.contains("example.com"))
    }

    @Test("Usage errors exit 64; a missing data directory exits 1 with what to run")
    func exitCodes() async throws {
        defer { try? FileManager.default.removeItem(atPath: data) }
        #expect(try await PDGateProcess.run(["subject", "show", "anna@example.com", "--data", data]).status == 64)
        #expect(try await PDGateProcess.run(["subject", "find", "--data", data]).status == 64)
        let missing = try await PDGateProcess.run(["subject", "find", "--email", "a@example.com", "--data", data])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("pdgate init"))
    }

    @Test("Help lists every command and the exit codes")
    func help() async throws {
        let help = try await PDGateProcess.run(["--help"])
        for command in ["init", "import", "subject", "audit", "bench"] { #expect(help.stdout.contains(command)) }
        #expect(help.stdout.contains("Exit codes"))
    }
}
