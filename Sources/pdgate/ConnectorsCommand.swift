import ArgumentParser
import AsyncHTTPTransport
import ConnectorKit
import Foundation
import Gateway
import Logging
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
            Requests go over AsyncHTTPClient (keep-alive pool, connections per host = the largest connector \
            concurrency); PDGATE_HTTP_TRANSPORT=urlsession uses Foundation's URLSession instead.
            `pull` asks Mailchimp and UniSender what changed (unsubscribes, complaints, bounces, confirmations) when \
            their webhooks cannot reach `pdgate serve`.
            Exit codes: 0 ok, 1 failure (or dead letters with `status --fail-on-dead`).
            """,
        subcommands: [Sync.self, Status.self, Pull.self])

    static let factories: [any ConnectorFactory] = [
        MailchimpConnectorFactory(), UniSenderConnectorFactory(), OneCConnectorFactory(), MoeDeloConnectorFactory(),
        VoximplantConnectorFactory(), WebhookConnectorFactory(),
    ]

    /// Runs `body` with the outbox dispatcher for the configured connectors (nil when none is configured) over
    /// the HTTP transport `$PDGATE_HTTP_TRANSPORT` names, and shuts that transport down afterwards.
    ///
    /// `ahc` (the default): one AsyncHTTPClient pool with as many keep-alive connections per host as the
    /// largest connector concurrency; `urlsession`: ``URLSessionTransport``.
    /// - Parameter leaseSeconds: How long a claimed event stays this process's (after a crash, others wait this long).
    static func withDispatcher<T>(
        _ global: GlobalOptions,
        _ gateway: Gateway,
        leaseSeconds: Double = 300,
        _ body: (OutboxDispatcher?) async throws -> T
    ) async throws -> T {
        guard let config = try global.loadConnectors() else { return try await body(nil) }
        return try await withTransport(config) { transport in
            try await body(try await makeDispatcher(config, global, gateway, transport: transport,
                                                    leaseSeconds: leaseSeconds))
        }
    }

    /// Runs `body` with the HTTP transport `$PDGATE_HTTP_TRANSPORT` names for `config`'s connectors, and shuts it
    /// down afterwards.
    static func withTransport<T>(_ config: ConnectorsConfig, _ body: (any HTTPTransport) async throws -> T)
        async throws -> T
    {
        switch ProcessInfo.processInfo.environment["PDGATE_HTTP_TRANSPORT"] ?? "ahc" {
        case "ahc":
            let enabled = config.connectors.filter(\.enabled)
            let defaults = OutboxDispatcher.Configuration()
            // As many keep-alive connections per host as the busiest connector may have requests in flight: its
            // configured cap, else the limit its service documents, else the dispatcher's default.
            let connections = enabled.map { entry in
                entry.concurrency ?? factories.first { $0.type == entry.type }?.maxConcurrentRequests
                    ?? defaults.defaultConcurrency
            }.max() ?? 1
            let timeout = enabled.map(\.timeout).max() ?? .seconds(30)
            return try await AsyncHTTPClientTransport.withTransport(timeout: timeout,
                                                                     maxConnectionsPerHost: connections) { transport in
                try await body(transport)
            }
        case "urlsession":
            return try await body(URLSessionTransport())
        default:
            throw CLIFailure(message: "error: PDGATE_HTTP_TRANSPORT must be ahc or urlsession", exitCode: 1)
        }
    }

    /// The configured connectors over `transport`.
    static func makeRegistry(_ config: ConnectorsConfig, transport: any HTTPTransport) throws -> ConnectorRegistry {
        do {
            return try ConnectorRegistry(config: config, factories: factories, transport: transport)
        } catch {
            throw CLIFailure(message: "error: \(error)", exitCode: 1)
        }
    }

    /// The outbox dispatcher for `config`'s connectors over `transport`.
    ///
    /// A recipient abroad without the Roskomnadzor notification is left out (its events wait in the outbox), with
    /// the reason on standard error.
    static func makeDispatcher(
        _ config: ConnectorsConfig,
        _ global: GlobalOptions,
        _ gateway: Gateway,
        transport: any HTTPTransport,
        leaseSeconds: Double
    ) async throws -> OutboxDispatcher {
        let registry = try makeRegistry(config, transport: transport)
        let refused = try await gateway.refusedTransfers(registry.entries.keys.sorted(), principal: global.principal)
        for name in refused.keys.sorted() {
            FileHandle.standardError.write(Data("\(name): \(refused[name] ?? "")\n".utf8))
        }
        let mark = SettlementMark()
        return OutboxDispatcher(store: gateway.outbox, connectors: registry.connectors.filter { refused[$0.name] == nil },
                                resolver: gateway.personResolver,
                                configuration: .init(leaseDuration: leaseSeconds, concurrency: registry.concurrency,
                                                     idlePollInterval: min(1, leaseSeconds / 2),
                                                     afterPass: { _ in await settle(gateway, global, mark) }))
    }

    /// Completes the erasure requests and acts whose recipients have all answered; a failure is logged and the
    /// next pass tries again.
    static func settle(_ gateway: Gateway, _ global: GlobalOptions, _ mark: SettlementMark) async {
        do {
            // The first pass looks at everything open; later ones at what was answered since the previous one.
            let since = mark.advance(to: Date())
            try await gateway.settleRecipients(answeredSince: since?.addingTimeInterval(-1))
        } catch {
            global.makeLogger().error("Settling recipients' answers failed",
                                      metadata: ["pdgate.error": "\(type(of: error))"])
        }
    }

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send queued changes: upserts of consented people, suppressions and erasures.")

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Deliver what is due now and exit (otherwise keep running).") var once = false
        @Flag(help: "Deliver until no event is unfinished (retries included), then exit.") var drain = false
        @Flag(name: .customLong("dry-run"),
              help: "Send nothing: show how many people each connector would receive per purpose and why others not.")
        var dryRun = false
        @Option(name: .customLong("lease-seconds"),
                help: "How long a claimed event stays this process's; after a crash others wait this long.")
        var leaseSeconds: Double = 300

        func validate() throws {
            guard leaseSeconds >= 1 else { throw ValidationError("--lease-seconds must be at least 1") }
            guard !(once && drain) else { throw ValidationError("give at most one of --once and --drain") }
            guard !(dryRun && (once || drain)) else {
                throw ValidationError("--dry-run sends nothing; drop --once and --drain")
            }
        }

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                if dryRun {
                    let preview = try await gateway.routingPreview(principal: global.principal)
                    if global.json { try printJSON(preview); return }
                    print(Self.describe(preview))
                    return
                }
                try await ConnectorsCommand.withDispatcher(global, gateway, leaseSeconds: leaseSeconds) { dispatcher in
                    guard let dispatcher else {
                        throw CLIFailure(message: "error: no connectors configured (DATA/connectors.json)",
                                         exitCode: 1)
                    }
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
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue counts per connector and the dead letters (pseudonyms only).")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Dead letters to list (0-500).") var limit = 20
        @Flag(name: .customLong("fail-on-dead"), help: "Exit 1 when any event is dead-lettered.") var failOnDead = false
        @Option(help: "Queue this dead letter again (its event id), attempts reset.") var requeue: String?

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                if let requeue {
                    guard try await gateway.requeueDeadLetter(requeue, principal: global.principal) else {
                        throw CLIFailure(message: "error: no dead letter with that event id", exitCode: 1)
                    }
                    print("requeued \(requeue)")
                    return
                }
                let status = try await gateway.connectorStatus(limit: limit, principal: global.principal)
                if global.json { try printJSON(status) } else { Self.show(status) }
                if failOnDead && status.outbox.total.deadLettered > 0 {
                    throw CLIFailure(message: "\(status.outbox.total.deadLettered) dead letters", exitCode: 1)
                }
            }
        }

        static func show(_ status: ConnectorStatus) {
            let names = Set(status.routes.keys).union(status.outbox.connectors.keys).sorted()
            if names.isEmpty { print("no connectors configured; the outbox is empty") }
            for name in names {
                let counts = status.outbox.connectors[name] ?? .init()
                let purposes = status.routes[name].map { $0.joined(separator: ",") } ?? "not configured"
                print("\(name.padding(toLength: 12, withPad: " ", startingAt: 0)) pending \(counts.pending), "
                      + "in flight \(counts.leased), done \(counts.done), dead \(counts.deadLettered)  [\(purposes)]")
            }
            for letter in status.deadLetters {
                let answer = letter.status.map { " (HTTP \($0)" + (letter.apiErrorType.map { ", \($0))" } ?? ")") }
                    ?? letter.apiErrorType.map { " (\($0))" } ?? ""
                print("  dead: \(letter.event) \(letter.connector) \(letter.operation.rawValue) \(letter.subject) "
                      + "after \(letter.attempts) attempts, \(letter.code.rawValue): \(letter.message)\(answer)")
                for attempt in letter.history {
                    print("    attempt: \(attempt.summary)")
                }
            }
        }
    }
}
