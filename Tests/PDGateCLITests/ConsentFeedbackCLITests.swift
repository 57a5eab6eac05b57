import Foundation
import Testing

/// `pdgate consent reconfirm` and `pdgate connectors pull` from the command line.
@Suite("Re-permission and pull on the command line", .serialized)
struct ConsentFeedbackCLITests {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-cli-\(UUID().uuidString)").path

    @Test("Usage errors exit 64; without a double opt-in connector or anything to pull, exit 1 saying why")
    func exitCodes() async throws {
        defer { try? FileManager.default.removeItem(atPath: data) }
        let env = ["PDGATE_DATA": data]
        #expect(try await PDGateProcess.run(["init"], environment: env).status == 0)
        let both = try await PDGateProcess.run(["consent", "reconfirm", "--purpose", "marketing_email", "--tag", "a",
                                          "--status", "b"], environment: env)
        #expect(both.status == 64 && both.stderr.contains("at most one of --tag and --status"))
        #expect(try await PDGateProcess.run(["connectors", "pull", "--since", "yesterday"], environment: env).status == 64)

        let noConnector = try await PDGateProcess.run(["consent", "reconfirm", "--purpose", "marketing_email", "--dry-run"],
                                                environment: env)
        #expect(noConnector.status == 1 && noConnector.stderr.contains("double opt-in"))
        let notConsent = try await PDGateProcess.run(["consent", "reconfirm", "--purpose", "order_fulfilment"],
                                               environment: env)
        #expect(notConsent.status == 1 && notConsent.stderr.contains("not consent"))
        let pull = try await PDGateProcess.run(["connectors", "pull", "--json"], environment: env)
        #expect(pull.status == 1 && pull.stderr.contains("no connectors configured"))
    }

    @Test("A dry run with a configured Mailchimp counts the people with legacy consent, as one JSON line")
    func dryRun() async throws {
        defer { try? FileManager.default.removeItem(atPath: data) }
        let env = ["PDGATE_DATA": data, "PDGATE_TEST_MAILCHIMP_KEY": "0123456789abcdef0123456789abcdef-us14"]
        #expect(try await PDGateProcess.run(["init"], environment: env).status == 0)
        let config = #"{"connectors": [{"name": "mailchimp", "type": "mailchimp", "purposes": ["marketing_email"], "baseURL": "http://127.0.0.1:9/3.0", "credentials": {"apiKey": {"env": "PDGATE_TEST_MAILCHIMP_KEY"}}, "settings": {"listID": "a1b2c3d4e5"}}]}"#
        try Data(config.utf8).write(to: URL(fileURLWithPath: data + "/connectors.json"))
        #expect(try await PDGateProcess.run(["import", "Demo/customers-demo.csv"], environment: env).status == 0)
        let run = try await PDGateProcess.run(["consent", "reconfirm", "--purpose", "marketing_email", "--dry-run", "--json"],
                                        environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").count == 1)
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(report?["dryRun"] as? Bool == true && report?["connectors"] as? [String] == ["mailchimp"])
        let legacy = report?["legacy"] as? Int ?? 0
        #expect(legacy > 0 && report?["requested"] as? Int ?? -1 <= legacy)
        #expect(!run.stdout.contains("example.com") && !run.stderr.contains("example.com"))
    }
}
