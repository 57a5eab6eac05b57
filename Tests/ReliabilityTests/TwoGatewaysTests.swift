import Benchmarks
import Foundation
import PDGateTesting
import Testing

/// Two `pdgate serve` processes, each with a data directory of its own holding the same master key, on one
/// PostgreSQL vault and one key database, under load at once: command-line imports beside them, people created and
/// erasure requests run through both APIs, and both servers delivering the outbox to the webhook emulator. Then the
/// invariants of RELIABILITY.md: every event delivered once, no import row lost, the erased gone everywhere, and
/// one audit chain that verifies.
@Suite("Two gateways on one PostgreSQL database", .serialized,
       .enabled(if: PostgresCluster.shared(orSkipping: "the two-gateway test") != nil,
                   "no PostgreSQL server (make postgres-deps)"))
struct TwoGatewaysTests {
    static let batchSize = 120
    /// People each server creates through its API.
    static let createdPerServer = 20
    /// Erasure requests each server runs, on people of the first batch.
    static let erasuresPerServer = 8

    // The limit guards against a hang only: alone the test takes ~15 s, beside the whole suite (other PostgreSQL
    // clusters, nginx, browsers) on two cores it has taken over 2 minutes.
    @Test("Imports, erasures and connector sync on two servers: nothing lost, nothing twice, one chain",
          .timeLimit(.minutes(6)))
    func twoServersUnderLoad() async throws {
        let cluster = try #require(PostgresCluster.shared())
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-two-\(UUID().uuidString)")
        let receiver = try await WebhookReceiver.start()
        defer {
            receiver.stop()
            try? FileManager.default.removeItem(at: root)
        }
        let environment = ["PDGATE_DATABASE": try cluster.makeDatabase(prefix: "shared"),
                           "PDGATE_KEY_DATABASE": try cluster.makeDatabase(prefix: "sharedkeys"),
                           "PDGATE_TEST_WEBHOOK_SECRET": WebhookReceiver.secret]
        let first = PDGateRunner(data: root.appendingPathComponent("a"), environment: environment)
        let second = PDGateRunner(data: root.appendingPathComponent("b"), environment: environment)
        try await setUp(first, second, receiver: receiver)
        let token = try await first.run(["token", "create", "--role", "privacy_officer", "--name", "load"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let servers = [try await ServeProcess.start(first), try await ServeProcess.start(second)]
        defer { servers.forEach { $0.stop() } }
        let clients = servers.map { APIClient(base: $0.base, token: token) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in 1...2 {
                group.addTask { try await Self.importBatch(batch, with: batch == 1 ? first : second) }
            }
            for (index, client) in clients.enumerated() {
                group.addTask { try await Self.createPeople(through: client, server: index) }
                group.addTask { try await Self.erasePeople(through: client, server: index) }
            }
            try await group.waitForAll()
        }
        let drained = try await waitUntilDelivered(clients[0])
        #expect(drained, "the outbox did not drain in time")
        servers.forEach { $0.stop() }
        try await checkInvariants(first, second, receiver: receiver)
    }

    /// Initialises the shared databases from the first directory, gives the second the same master key, routes both
    /// to the receiver and imports batch 0 (the people the erasures pick from).
    func setUp(_ first: PDGateRunner, _ second: PDGateRunner, receiver: WebhookReceiver) async throws {
        let initialised = try await first.run(["init"])
        try #require(initialised.status == 0, "\(initialised.stderr)")
        let fm = FileManager.default
        try fm.createDirectory(at: second.data, withIntermediateDirectories: true,
                               attributes: [.posixPermissions: 0o700])
        try fm.copyItem(at: first.data.appendingPathComponent("master.key"),
                        to: second.data.appendingPathComponent("master.key"))
        for runner in [first, second] {
            try Data(receiver.connectorsJSON().utf8).write(to: runner.data.appendingPathComponent("connectors.json"))
        }
        let imported = try await first.run(["import", try Self.writeBatch(0, in: first.data).path, "--no-progress"])
        try #require(imported.status == 0, "\(imported.stderr)")
    }

    // MARK: Load

    static func writeBatch(_ batch: Int, in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("batch-\(batch).csv")
        try Data(SyntheticCustomers.csv(batch: batch, count: batchSize).utf8).write(to: file)
        return file
    }

    /// Imports a batch with the command line.
    static func importBatch(_ batch: Int, with runner: PDGateRunner) async throws {
        let file = try writeBatch(batch, in: runner.data)
        let output = try await runner.run(["import", file.path, "--no-progress"])
        #expect(output.status == 0, "import of batch \(batch): \(output.stderr)")
    }

    static func createPeople(through client: APIClient, server: Int) async throws {
        for n in 0..<createdPerServer {
            let answer = try await client.post("/subjects", [
                "fields": ["full_name": SyntheticCustomers.name(batch: 50 + server, n: n),
                           "email": SyntheticCustomers.email(batch: 50 + server, n: n)],
            ])
            #expect(answer.status == 201, "server \(server) creating person \(n): \(answer.status) \(answer.json)")
        }
    }

    /// Runs erasure requests, each server on its own people of batch 0 (odd rows: recent contacts).
    static func erasePeople(through client: APIClient, server: Int) async throws {
        for k in 0..<erasuresPerServer {
            let email = SyntheticCustomers.email(batch: 0, n: 2 * (server * erasuresPerServer + k) + 1)
            let created = try await client.post("/requests", ["kind": "erasure", "email": email])
            let reference = try #require(created.json["reference"] as? String, "\(created.status) \(created.json)")
            let verified = try await client.post("/requests/\(reference)/verify", ["method": "email_code"])
            #expect(verified.status == 200, "verify \(reference): \(verified.json)")
            let run = try await client.post("/requests/\(reference)/run", [:])
            #expect(run.status == 200, "run \(reference): \(run.json)")
        }
    }

    /// Waits until no event of the webhook connector is pending or leased (the dispatchers poll every second).
    func waitUntilDelivered(_ client: APIClient) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(40)
        while ContinuousClock.now < deadline {
            let status = try await client.get("/connectors/status")
            let counts = ((status.json["outbox"] as? [String: Any])?["connectors"] as? [String: Any])?["webhook"]
                as? [String: Any] ?? [:]
            if counts["done"] as? Int ?? 0 > 0, counts["pending"] as? Int == 0, counts["leased"] as? Int == 0 {
                return true
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    // MARK: Invariants

    func checkInvariants(_ first: PDGateRunner, _ second: PDGateRunner, receiver: WebhookReceiver) async throws {
        let check = try await first.run(["check", "--json"])
        let report = check.json
        #expect(check.status == 0 && report["consistent"] as? Bool == true, "\(report["problems"] ?? check.stderr)")
        let outbox = report["outbox"] as? [String: Int] ?? [:]
        #expect(outbox["pending", default: 0] == 0 && outbox["dead", default: 0] == 0, "\(outbox)")

        let erased = try Set([first, second].flatMap(Self.erasedIDs(of:)))
        #expect(erased.count == 2 * Self.erasuresPerServer)
        #expect(report["erasedSubjects"] as? Int == erased.count)
        let expected = 3 * Self.batchSize + 2 * Self.createdPerServer - erased.count
        #expect(report["subjects"] as? Int == expected, "no import row or created person lost")
        #expect((report["unreadableSubjects"] as? [String])?.isEmpty == true)

        let state = try await receiver.state()
        let events = (state["events"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let people = state["people"] as? [String: Any] ?? [:]
        #expect(Set(events).count == events.count && state["duplicates"] as? Int == 0,
                "an event was delivered twice: \(state["duplicates"] ?? "?") repeats")
        #expect(events.count == outbox["done"], "every delivered event reached the receiver once")
        #expect(people.count == expected, "the receiver holds \(people.count) people, the vault \(expected)")
        #expect(erased.isDisjoint(with: people.keys), "an erased person is still held by the receiver")
        for n in 0..<(2 * Self.erasuresPerServer) {
            let found = try await first.run(["subject", "find", "--email", SyntheticCustomers.email(batch: 0, n: 2 * n + 1)])
            #expect(found.status == 1, "erased person \(n) is still found")
        }

        let audit = try await second.run(["audit", "verify", "--json"])
        // Every person created and every request step through either server is one link of the same chain.
        let operations = 2 * Self.createdPerServer + 3 * 2 * Self.erasuresPerServer
        #expect(audit.status == 0 && audit.json["entries"] as? Int ?? 0 > operations,
                "one chain: \(audit.stdout) \(audit.stderr)")
    }

    static func erasedIDs(of runner: PDGateRunner) throws -> [String] {
        let log = runner.data.appendingPathComponent("erasures.log")
        guard FileManager.default.fileExists(atPath: log.path) else { return [] }
        return try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
            .compactMap { $0.split(separator: " ").first.map(String.init) }
    }
}
