import Benchmarks
import ConnectorKit
import Foundation
import PDGateTesting
import UniSenderConnector

/// `--service unisender`: N people's upserts drained through the dispatcher into the UniSender emulator, which the
/// connector reaches in batches (`importContacts`, 500 rows a call); prints people/s, calls per person, and how many
/// contacts the emulator holds afterwards (each person once).
///
/// `swift run -c release ConnectorBench --service unisender --engine threaded --latency-ms 200 --events 20000`
enum UniSenderBench {
    static func run(_ options: Options, emulator: BenchEmulator, live: any HTTPTransport) async throws {
        let transport = CountingTransport(live)
        let baseURL = URL(string: "http://127.0.0.1:\(emulator.port)")!
        let connector = UniSenderConnector(apiKey: Secret("unisender-test-key"),
                                           settings: UniSenderSettings(listIDs: [134]), transport: transport,
                                           baseURL: baseURL)
        let configuration = OutboxDispatcher.Configuration(concurrency: [connector.name: options.concurrency],
                                                           idlePollInterval: 0.005)
        let store = InMemoryOutboxStore()
        let queued = Date()
        _ = await store.enqueue((0..<options.events).map {
            ConnectorBench.event($0, at: queued, connector: connector.name)
        })
        let began = Date()
        let report = try await OutboxDispatcher(store: store, connectors: [connector], resolver: SyntheticResolver(),
                                                configuration: configuration).drain()
        let elapsed = Date().timeIntervalSince(began)
        let state = try await live.send(.json("GET", baseURL.appendingPathComponent("__state"))).json
        let contacts = state?["contacts"]?.objectValue?.count ?? -1
        let totals = transport.totals
        print(String(format: "unisender: %d people delivered, %d dead-lettered, %d retried, in %.2f s = %.0f people/s "
            + "(concurrency cap %d, %@ emulator, latency %d ms)", report.delivered, report.deadLettered,
            report.retried + report.rateLimited, elapsed, Double(report.delivered) / max(elapsed, 0.001),
            options.concurrency, options.engine, options.latencyMs))
        print(String(format: "calls: %.4f per person (%d requests for %d people); emulator holds %d contacts",
                     Double(totals.requests) / Double(max(1, options.events)), totals.requests, options.events,
                     contacts))
    }
}
