import ConnectorKit
import Foundation
import Gateway
import Import
import MoeDeloConnector
import Testing

/// The whole path to Moe Delo: an import queues everyone, the resolver lets only customers through, companies
/// become legal entities with their people as contacts, and an erasure finds the record by the id the upsert
/// returned (accounting receives no e-mail or phone to search by).
@Suite("Gateway to Moe Delo through the outbox", .serialized, .timeLimit(.minutes(2)))
struct GatewayAccountingSyncTests {
    static let header = "ФИО;Телефон;Email;Дата последней покупки;Сумма последней покупки;Компания;ИНН"

    @Test("Only customers reach Moe Delo, without a validation dead letter; erasure reaches their records")
    func importSyncErase() async throws {
        let base = try await GatewaySyncTests.makeGateway()
        defer { try? FileManager.default.removeItem(at: base.directory.root) }
        let gateway = try Gateway(directory: base.directory, policies: base.policies, notices: base.notices,
                                  connectors: [ConnectorRoute(name: "moedelo", purposes: ["accounting"])])
        let csv = base.directory.root.appendingPathComponent("people.csv")
        try Data((Self.header + "\n" + [
            "Смирнова Ольга;+79160000001;olga@example.com;01.07.2024;1000;ООО Ромашка;7707083893",
            "Кузнецов Иван;+79160000002;ivan@example.com;02.07.2024;2000;ООО Ромашка;7707083893",
            "Петров Пётр;+79160000003;petr@example.com;03.07.2024;3000;;",
            "Лидов Лид;+79160000004;lead@example.com;;;ООО Лютик;7707083893",
        ].joined(separator: "\n") + "\n").utf8).write(to: csv)
        _ = try gateway.importCSV(csv, principal: GatewaySyncTests.officer)
        try await Emulator.with("moedelo.py") { emulator in
            let connector = MoeDeloConnector(apiKey: Secret("moedelo-test-key"),
                                             transport: URLSessionTransport(timeout: .seconds(5)),
                                             baseURL: emulator.baseURL)
            func drain() async throws -> DispatchReport {
                try await OutboxDispatcher(store: gateway.outbox, connectors: [connector],
                                           resolver: gateway.personResolver,
                                           configuration: .init(retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01,
                                                                                   maxDelay: 0.05))).drain()
            }
            let report = try await drain()
            #expect(report.delivered == 3 && report.skipped == 1 && report.deadLettered == 0)
            var state = try await emulator.state()
            let models = try #require(state["kontragents"]?.objectValue)
            #expect(models.values.filter { $0["Form"] == 1 }.count == 1)
            #expect(models.values.filter { $0["Form"] == 3 }.count == 1)
            let company = try #require(models.first { $0.value["Form"] == 1 }?.key)
            #expect(state["contacts"]?[company]?.objectValue?.count == 2)

            let olga = try #require(try await gateway.findSubjects(.email("olga@example.com"),
                                                                   principal: GatewaySyncTests.officer).first)
            _ = try await gateway.erase(olga, reason: "test erasure", principal: GatewaySyncTests.officer)
            #expect(try await drain().deadLettered == 0)
            state = try await emulator.state()
            #expect(state["contacts"]?[company]?.objectValue?.values.map { $0["Fio"] } == ["Кузнецов Иван"])
        }
    }
}
