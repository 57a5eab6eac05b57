import Foundation
import PDGateTesting
import Testing

/// Every `--json` output gives its dates one way: ISO 8601 strings, never seconds since 1970 or 2001.
@Suite("Dates in --json output", .serialized)
struct JSONDatesCLITests {
    static func isISO(_ value: Any?) -> Bool {
        guard let text = value as? String else { return false }
        return ISO8601DateFormatter().date(from: text) != nil
    }

    /// request create (with --received, which sets the day the deadline counts from), audit extract, consent history
    /// and token list.
    @Test("Every --json date is ISO 8601")
    func isoDates() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-json-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let env = ["PDGATE_DATA": data]
        #expect(try await PDGateProcess.run(["init"], environment: env).status == 0)
        #expect(try await PDGateProcess.run(["import", "Demo/customers-demo.csv"], environment: env).status == 0)
        let yesterday = Calendar(identifier: .gregorian).date(byAdding: .day, value: -1, to: Date()) ?? Date()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Moscow")
        formatter.dateFormat = "yyyy-MM-dd"
        let day = formatter.string(from: yesterday)
        let created = try await PDGateProcess.run(
            ["request", "create", "--kind", "access", "--email", "customer1@example.com", "--channel", "letter",
             "--received", day, "--json"], environment: env)
        #expect(created.status == 0, "\(created.stderr)")
        let request = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        #expect(Self.isISO(request["receivedAt"]) && Self.isISO(request["deadline"]))
        let received = try #require(ISO8601DateFormatter().date(from: request["receivedAt"] as? String ?? ""))
        #expect(formatter.string(from: received) == day)
        let subject = try #require(request["subject"] as? String)

        let trail = try await PDGateProcess.run(["audit", "extract", "--subject", subject, "--json"], environment: env)
        #expect(trail.status == 0, "\(trail.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(trail.stdout.utf8)) as? [[String: Any]])
        #expect(!entries.isEmpty && entries.allSatisfy { Self.isISO($0["at"]) })

        let history = try await PDGateProcess.run(["consent", "history", subject, "--json"], environment: env)
        #expect(history.status == 0, "\(history.stderr)")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(events.allSatisfy { Self.isISO($0["at"]) })

        #expect(try await PDGateProcess.run(["token", "create", "--name", "t", "--role", "support"],
                                            environment: env).status == 0)
        let tokens = try await PDGateProcess.run(["token", "list", "--json"], environment: env)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(tokens.stdout.utf8)) as? [[String: Any]])
        #expect(!listed.isEmpty && listed.allSatisfy { Self.isISO($0["expiresAt"]) })
    }
}
