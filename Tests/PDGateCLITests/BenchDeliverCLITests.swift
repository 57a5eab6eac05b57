import Foundation
import PDGateTesting
import Testing

/// `pdgate bench deliver`: an import into a fresh vault delivered to both emulators by the dispatcher `pdgate serve`
/// runs, then checked against the vault.
@Suite("pdgate bench deliver", .timeLimit(.minutes(3)))
struct BenchDeliverCLITests {
    @Test("300 consented people reach Mailchimp and UniSender once each, with 20 % injected faults")
    func deliversEveryoneOnce() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-deliver-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let output = try await PDGateProcess.run(["bench", "deliver", "--people", "300", "--latency-ms", "0",
                                                  "--fault-share", "0.2", "--work", work.path])
        #expect(output.status == 0, "\(output.stdout)\n\(output.stderr)")
        #expect(output.stdout.contains("vault    300 people, 300 with proven consent to marketing_email"))
        #expect(output.stdout.contains("mailchimp 300 contacts: 0 lost, 0 doubled, 0 unknown"))
        #expect(output.stdout.contains("unisender 300 contacts: 0 lost, 0 doubled, 0 unknown"))
        #expect(output.stdout.contains("dead-lettered 0"))
    }
}
