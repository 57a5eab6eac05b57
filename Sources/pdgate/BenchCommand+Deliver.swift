import ArgumentParser
import Benchmarks
import ConnectorKit
import Foundation
import Gateway
import Import

extension BenchCommand {
    /// `pdgate bench deliver`: consented people imported into a fresh vault, then delivered from an empty outbox to
    /// the Mailchimp and UniSender emulators by the dispatcher `pdgate serve` runs (``ConnectorsCommand/withDispatcher``:
    /// the same connectors.json, transport, routes and settlement), with added latency and injected faults; then
    /// both services' contact lists are checked against the vault.
    struct Deliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import N consented people and deliver them to the Mailchimp and UniSender emulators through "
                + "the outbox as `pdgate serve` does; report people/s, calls and lost or doubled contacts.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Consented people to import and deliver.") var people = 100_000
        @Option(name: .customLong("latency-ms"), help: "Milliseconds each emulator adds to every API call.")
        var latencyMs = 200
        @Option(name: .customLong("fault-share"),
                help: "Share of API calls answered with a fault (500, 503, 429, dropped before or after applying).")
        var faultShare = 0.05
        @Option(help: "Scratch directory (deleted and recreated).") var work = ".bench/deliver"
        @Option(help: "The emulators' folder (mailchimp.py, unisender.py).")
        var emulators = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/ConnectorTests/Emulators").path

        func run() async throws {
            try await runReporting {
                let setup = try DeliverySetup(work: URL(fileURLWithPath: work), policies: global.policiesURL)
                let faults = faultShare / 5
                let spec = String(format: #"{"p500": %f, "p503": %f, "p429": %f, "p_drop": %f, "p_drop_after": %f, "#
                    + #""retry_after": 1, "seed": 7}"#, faults, faults, faults, faults, faults)
                let mailchimp = try BenchEmulator.start(script: emulators + "/mailchimp.py", engine: "threaded",
                                                        latencyMs: latencyMs, faults: spec)
                defer { mailchimp.stop() }
                let unisender = try BenchEmulator.start(script: emulators + "/unisender.py", engine: "threaded",
                                                        latencyMs: latencyMs, faults: spec)
                defer { unisender.stop() }
                let options = try await setup.prepare(mailchimpPort: mailchimp.port, unisenderPort: unisender.port)
                let gateway = try await options.openGateway()
                let imported = Date()
                let report = try setup.importPeople(people, into: gateway)
                print(String(format: "import   %d people (%d consents proven) in %.1f s", report.imported,
                             report.consentGiven, Date().timeIntervalSince(imported)))
                let queued = try await gateway.connectorStatus(limit: 0, principal: options.principal).outbox.total
                let began = Date()
                let delivery = try await ConnectorsCommand.withDispatcher(options, gateway) { dispatcher in
                    guard let dispatcher else { throw CLIFailure(message: "error: no connectors", exitCode: 1) }
                    return try await dispatcher.drain()
                }
                let seconds = Date().timeIntervalSince(began)
                print(String(format: "deliver  %d events queued (%d pending) drained in %.1f s = %.0f people/s to "
                    + "both services (latency %d ms, %.0f %% faults)", queued.pending + queued.done, queued.pending,
                    seconds, Double(people) / max(seconds, 0.001), latencyMs, faultShare * 100))
                print("outbox   delivered \(delivery.delivered), skipped \(delivery.skipped), retried "
                    + "\(delivery.retried), rate-limited \(delivery.rateLimited), dead-lettered \(delivery.deadLettered)")
                let check = try await DeliveryCheck.run(gateway: gateway, principal: options.principal, people: people,
                                                        mailchimpPort: mailchimp.port, unisenderPort: unisender.port)
                print(check.summary)
                if !check.passed { throw CLIFailure(message: "error: contacts lost or doubled", exitCode: 1) }
            }
        }
    }
}
