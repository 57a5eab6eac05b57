import ArgumentParser
import ConnectorKit
import Foundation
import Gateway

extension ConnectorsCommand {
    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the mailing services what changed: unsubscribes, complaints, bounces, confirmations.",
            discussion: """
                The fallback for webhooks that cannot reach `pdgate serve`: Mailchimp's members changed since the \
                last pull, UniSender's list contacts. Applied exactly as the webhooks are (an unsubscribe or \
                complaint withdraws the marketing purpose, a hard bounce marks the address invalid, a confirmation \
                pdgate asked for proves legacy consent), so pulling and webhooks together have one effect per \
                event; unknown addresses are counted, never created. Each connector's mark is kept for the next pull.
                Exit codes: 0 ok, 1 failure (a service cannot be read: nothing of it is applied), 3 refused by \
                role, 64 usage.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this connector (its name in connectors.json).") var connector: String?
        @Option(help: "Ask from this time instead of the last pull's mark (YYYY-MM-DD or ISO 8601, UTC).")
        var since: String?

        func validate() throws {
            if let since, Self.date(since) == nil {
                throw ValidationError("--since must be YYYY-MM-DD or an ISO 8601 time like 2026-03-01T10:00:00Z")
            }
        }

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                guard let config = try global.loadConnectors() else {
                    throw CLIFailure(message: "error: no connectors configured (DATA/connectors.json)", exitCode: 1)
                }
                let reports = try await ConnectorsCommand.withTransport(config) { transport in
                    let registry = try ConnectorsCommand.makeRegistry(config, transport: transport)
                    let sources = registry.connectors.compactMap { $0 as? any InboundPolling }
                        .filter { connector == nil || $0.name == connector }
                        .sorted { $0.name < $1.name }
                    guard !sources.isEmpty else {
                        throw CLIFailure(message: "error: " + (connector.map { "connector \($0) cannot be pulled" }
                            ?? "no configured connector can be pulled (Mailchimp, UniSender)"), exitCode: 1)
                    }
                    var reports: [InboundPullReport] = []
                    for source in sources {
                        do {
                            reports.append(try await gateway.pullInbound(from: source, since: since.flatMap(Self.date),
                                                                         principal: global.principal))
                        } catch let error as ConnectorError {
                            throw CLIFailure(message: "error: \(error)", exitCode: 1)
                        }
                    }
                    return reports
                }
                if global.json {
                    try printJSON(PullOutput(connectors: reports))
                    return
                }
                for report in reports {
                    let counts = report.inbound
                    print("\(report.connector): received \(counts.received), withdrawn \(counts.withdrawn), "
                          + "invalid \(counts.markedInvalid), confirmed \(counts.confirmed), "
                          + "duplicates \(counts.duplicates), unknown \(counts.unknown), ignored \(counts.ignored), "
                          + "echoes of pdgate's own changes \(counts.echoes)"
                          + (report.mark.map { "; next pull from \($0)" } ?? ""))
                }
            }
        }

        /// `YYYY-MM-DD` (midnight UTC) or ISO 8601 with an offset.
        static func date(_ text: String) -> Date? {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withFullDate]
            formatter.timeZone = TimeZone(identifier: "UTC")
            return formatter.date(from: text)
        }
    }

    /// `pull --json`: every connector's report on one line.
    struct PullOutput: Encodable {
        var version = 1
        var connectors: [InboundPullReport]
    }
}
