import Foundation
import PDGateTesting
import Testing

/// `pdgate migrate --to` moves an embedded deployment into the throwaway PostgreSQL cluster of the test process, and
/// the gateway works there afterwards. Skipped, with the reason printed, where PostgreSQL cannot run here.
@Suite("pdgate migrate --to PostgreSQL", .serialized,
       .enabled(if: PostgresCluster.shared(orSkipping: "the migrate tests") != nil,
                   "no PostgreSQL server (make postgres-deps)"))
struct MigrateCLITests {
    /// A webhook connector that is never reached: the outbox rows it is given stay pending, to be moved.
    static let connectors = """
        {"connectors": [{"name": "webhook", "type": "webhook", "purposes": ["customer_relationship"],
          "baseURL": "http://127.0.0.1:9/hooks", "credentials": {"secret": {"env": "PDGATE_TEST_WEBHOOK_SECRET"}},
          "settings": {"style": "standard"}}]}
        """

    let data = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-migrate-\(UUID().uuidString)").path
    var embedded: [String: String] {
        ["PDGATE_DATA": data, "PDGATE_TEST_WEBHOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]
    }

    @Test("Subjects, consents, requests, audit, erasure ledger and outbox move; the moved gateway reads them")
    func movesAnEmbeddedDeployment() async throws {
        defer { try? FileManager.default.removeItem(atPath: data) }
        try await makeEmbeddedDeployment()
        let cluster = try #require(PostgresCluster.shared())
        let (vault, keys) = (try cluster.makeDatabase(prefix: "moved"), try cluster.makeDatabase(prefix: "movedkeys"))

        let moved = try await PDGateProcess.run(["migrate", "--to", vault, "--key-database", keys, "--json"],
                                          environment: embedded)
        #expect(moved.status == 0, "\(moved.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(moved.stdout.utf8)) as? [String: Any])
        #expect(report["verified"] as? Bool == true, "\(report["problems"] ?? "")")
        let rows = report["vaultRows"] as? [String: Int] ?? [:]
        #expect(rows["subject"] == 199, "200 imported, one erased")
        for table in ["consent_event", "data_request", "audit_log", "erasure_ledger", "outbox"] {
            #expect(rows[table, default: 0] > 0, "\(table) was moved")
        }
        #expect((report["keyRows"] as? [String: Int])?["subject_key"] == 199)
        #expect(!moved.stdout.contains("secret-"), "the report hides the database passwords")

        var postgres = embedded
        postgres["PDGATE_DATABASE"] = vault
        postgres["PDGATE_KEY_DATABASE"] = keys
        let verified = try await PDGateProcess.run(["audit", "verify"], environment: postgres)
        #expect(verified.status == 0, "the chain verifies in PostgreSQL: \(verified.stdout) \(verified.stderr)")
        let found = try await PDGateProcess.run(["subject", "find", "--email", "customer1@example.com"], environment: postgres)
        #expect(found.status == 0, "\(found.stderr)")
        let shown = try await PDGateProcess.run(["subject", "show", found.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                                           "--json"], environment: postgres)
        #expect(shown.status == 0 && shown.stdout.contains("customer1@example.com"),
                "the moved key database opens the moved subject: \(shown.stderr)")
        let erased = try await PDGateProcess.run(["subject", "find", "--email", "customer5@example.com"], environment: postgres)
        #expect(erased.status == 1, "the erased person stays erased")

        let again = try await PDGateProcess.run(["migrate", "--to", vault, "--key-database", keys], environment: embedded)
        #expect(again.status == 1)
        #expect(again.stderr.contains("not empty") && again.stderr.contains("nothing was copied"), "\(again.stderr)")
    }

    /// Imports the demo customers (with the connector queueing them), records an access request and erases a lead
    /// (no purchase, so no legal hold keeps a row), all in SQLite files.
    func makeEmbeddedDeployment() async throws {
        #expect(try await PDGateProcess.run(["init"], environment: embedded).status == 0)
        try Data(Self.connectors.utf8).write(to: URL(fileURLWithPath: data + "/connectors.json"))
        let imported = try await PDGateProcess.run(["import", "Demo/customers-demo.csv", "--no-progress"],
                                             environment: embedded)
        try #require(imported.status == 0, "\(imported.stderr)")
        let request = try await PDGateProcess.run(["request", "create", "--kind", "access", "--email",
                                             "customer3@example.com"], environment: embedded)
        try #require(request.status == 0, "\(request.stderr)")
        let found = try await PDGateProcess.run(["subject", "find", "--email", "customer5@example.com"], environment: embedded)
        let id = found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let erased = try await PDGateProcess.run(["erase", id, "--reason", "migrate test"], environment: embedded)
        try #require(erased.status == 0, "\(erased.stderr)")
    }
}
