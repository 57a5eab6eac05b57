import ConnectorKit
import Foundation
import Synchronization
import Testing
import UniSenderConnector

@Suite("UniSender pull through the asynchronous export", .timeLimit(.minutes(1)))
struct UniSenderExportTests {
    @Test("The pull asks async/exportContacts, polls getTaskResult until completed, and reads the CSV it names")
    func asynchronousExport() async throws {
        try await Emulator.with("unisender.py", ["--no-sync-export"]) { emulator in
            let polls = PollCounter()
            let connector = UniSenderConnector(
                apiKey: Secret("unisender-test-key"),
                settings: UniSenderSettings(listIDs: [134], exportNotifyURL: "https://gateway.example/hooks/unisender"),
                transport: URLSessionTransport(timeout: .seconds(5)), baseURL: emulator.baseURL,
                exportPollInterval: .seconds(2), sleep: { _ in polls.add() })
            for (index, email) in ["anna@example.com", "o,neill@example.com", "vera@example.com"].enumerated() {
                _ = try await connector.upsert(ConnectorPerson(subject: "sub_\(index)", fields: ["email": email],
                                                               purpose: "marketing_email"))
            }
            _ = try await emulator.act(["email": "anna@example.com", "action": "unsubscribe"])
            _ = try await emulator.act(["email": "o,neill@example.com", "action": "unsubscribe"])
            _ = try await emulator.act(["email": "vera@example.com", "action": "bounce"])
            let since = Date(timeIntervalSince1970: 1_750_000_000)
            let changes = try await connector.changes(since: since)
            let byEmail = Dictionary(grouping: changes.events, by: \.email)
            #expect(byEmail["anna@example.com"]?.map(\.kind) == [.unsubscribe])
            #expect(byEmail["vera@example.com"]?.map(\.kind) == [.bounce])
            #expect(byEmail["o,neill@example.com"]?.map(\.kind) == [.unsubscribe], "a quoted CSV field")
            #expect(changes.events.count == 3)
            #expect(changes.events.allSatisfy { $0.at == since })
            #expect(polls.count == 1, "the task answers processing once, then completed")
        }
    }
}

/// Counts the connector's waits between task polls (a test never sleeps).
final class PollCounter: Sendable {
    private let value = Mutex(0)
    var count: Int { value.withLock { $0 } }
    func add() { value.withLock { $0 += 1 } }
}
