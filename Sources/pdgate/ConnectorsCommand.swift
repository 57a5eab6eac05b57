import ArgumentParser
import ConnectorKit
import Foundation
import Gateway
import MailchimpConnector
import MoeDeloConnector
import OneCConnector
import UniSenderConnector
import VoximplantConnector
import WebhookConnector

struct ConnectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectors",
        abstract: "Deliver the outbox to mailing, accounting and telephony systems, and show its state.",
        discussion: """
            Connectors come from DATA/connectors.json (or --connectors FILE, or $PDGATE_CONNECTORS): \
            {"connectors": [{"name": "mailchimp", "purposes": ["marketing_email"], "baseURL": "…", \
            "credentials": {"apiKey": {"env": "MAILCHIMP_API_KEY"}}, "settings": {"listID": "…"}}]}.
            Exit codes: 0 ok, 1 failure (or dead letters with `status --fail-on-dead`).
            """,
        subcommands: [Sync.self, Status.self])

    static let factories: [any ConnectorFactory] = [
        MailchimpConnectorFactory(), UniSenderConnectorFactory(), OneCConnectorFactory(), MoeDeloConnectorFactory(),
        VoximplantConnectorFactory(), WebhookConnectorFactory(),
    ]

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send queued changes: upserts of consented people, suppressions and erasures.")

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Deliver what is due now and exit (otherwise keep running).") var once = false
        @Flag(help: "Deliver until no event is unfinished (retries included), then exit.") var drain = false
        @Option(name: .customLong("lease-seconds"),
                help: "How long a claimed event stays this process's; after a crash others wait this long.")
        var leaseSeconds: Double = 300

        func validate() throws {
            guard leaseSeconds >= 1 else { throw ValidationError("--lease-seconds must be at least 1") }
            guard !(once && drain) else { throw ValidationError("give at most one of --once and --drain") }
        }

        func run() async throws {
            try await runReporting {
                guard let config = try global.loadConnectors() else {
                    throw CLIFailure(message: "error: no connectors configured (DATA/connectors.json)", exitCode: 1)
                }
                let gateway = try await global.openGateway()
                let registry: ConnectorRegistry
                do {
                    registry = try ConnectorRegistry(config: config, factories: ConnectorsCommand.factories,
                                                     transport: URLSessionTransport())
                } catch {
                    throw CLIFailure(message: "error: \(error)", exitCode: 1)
                }
                let dispatcher = OutboxDispatcher(
                    store: gateway.outbox, connectors: registry.connectors, resolver: gateway.personResolver,
                    configuration: .init(leaseDuration: leaseSeconds, concurrency: registry.concurrency,
                                         idlePollInterval: min(1, leaseSeconds / 2)))
                if once || drain {
                    let report = once ? try await dispatcher.runOnce() : try await dispatcher.drain()
                    if global.json { try printJSON(report); return }
                    print("delivered \(report.delivered), skipped \(report.skipped) (no valid basis), "
                          + "retried \(report.retried), rate-limited \(report.rateLimited), "
                          + "dead-lettered \(report.deadLettered)")
                } else {
                    try await dispatcher.run()
                }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue counts per connector and the dead letters.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Dead letters to list.") var limit = 20
        @Flag(name: .customLong("fail-on-dead"), help: "Exit 1 when any event is dead-lettered.") var failOnDead = false

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let stats = try await gateway.outbox.stats(now: Date())
                let dead = try await gateway.outbox.deadLetters(connector: nil, limit: limit)
                if global.json {
                    struct Output: Encodable {
                        var version = 1
                        var stats: OutboxStats
                        var deadLetters: [DeadLetter]
                    }
                    try printJSON(Output(stats: stats, deadLetters: dead))
                } else {
                    for (name, counts) in stats.connectors.sorted(by: { $0.key < $1.key }) {
                        print("\(name.padding(toLength: 12, withPad: " ", startingAt: 0)) pending \(counts.pending), "
                              + "in flight \(counts.leased), done \(counts.done), dead \(counts.deadLettered)")
                    }
                    if stats.connectors.isEmpty { print("outbox is empty") }
                    for letter in dead {
                        print("  dead: \(letter.event.connector) \(letter.event.operation.rawValue) \(letter.event.subject) "
                              + "\(letter.code.rawValue): \(letter.message)")
                    }
                }
                if failOnDead && stats.total.deadLettered > 0 {
                    throw CLIFailure(message: "\(stats.total.deadLettered) dead letters", exitCode: 1)
                }
            }
        }
    }
}
