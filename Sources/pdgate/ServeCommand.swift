import ArgumentParser
import Foundation
import Gateway
import Logging
import Server
import ConnectorKit

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (/v1), the privacy officer's console (/console), /healthz and /metrics.",
        discussion: """
            When connectors are configured (DATA/connectors.json), also delivers the outbox to them, as \
            `pdgate connectors sync` does. Listens on plain HTTP: keep it on 127.0.0.1 and terminate TLS in a reverse proxy (nginx, Caddy) in \
            front of it; see the README. Callers authenticate with tokens from `pdgate token create`. Stops \
            cleanly on SIGINT or SIGTERM. Logs carry route patterns, statuses and durations, never personal data.
            Exit codes: 0 stopped, 1 failure, 64 usage.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to bind; keep loopback behind a TLS proxy.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(name: .customLong("max-body-kb"), help: "Largest request body accepted, in KiB (larger: 413).")
    var maxBodyKB = 64
    @Option(name: .customLong("auth-failures"), help: "Failed authentications per address per minute before 429.")
    var authFailures = 10
    @Flag(name: .customLong("trust-proxy"),
          help: "Rate-limit by the last X-Forwarded-For address (only behind a proxy you run that sets it).")
    var trustProxy = false
    @Flag(name: .customLong("secure-cookies"), help: "Mark the console cookie Secure (when served over HTTPS).")
    var secureCookies = false
    @Option(name: .customLong("purge-at"),
            help: "Run the retention purge (dry run, then the run) every day at HH:MM, Moscow time.")
    var purgeAt: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning or error.")
    var logLevel = "info"

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1-65535") }
        guard (1...16_384).contains(maxBodyKB) else { throw ValidationError("--max-body-kb must be 1-16384") }
        guard authFailures > 0 else { throw ValidationError("--auth-failures must be positive") }
        if let purgeAt, (try? PurgeScheduler(at: purgeAt)) == nil {
            throw ValidationError("--purge-at is HH:MM, 00:00 to 23:59 (Moscow time)")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be trace, debug, info, notice, warning or error")
        }
    }

    func run() async throws {
        try await runReporting {
            let gateway = try await global.openGateway()
            var logger = Logger(label: "pdgate.server") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            var configuration = ServerConfiguration(
                host: host, port: port, maxBodyBytes: maxBodyKB * 1024, authFailureLimit: authFailures,
                trustForwardedFor: trustProxy, secureCookies: secureCookies)
            do {
                configuration.inbound = try inboundEndpoints()
            } catch {
                FileHandle.standardError.write(Data("warning: inbound webhooks not served: \(error)\n".utf8))
            }
            let server = try PDGateServer(gateway: gateway, configuration: configuration, logger: logger)
            if !["127.0.0.1", "::1", "localhost"].contains(host) {
                FileHandle.standardError.write(Data(("warning: listening on \(host) over plain HTTP; put a TLS "
                    + "proxy in front and never expose this port directly\n").utf8))
            }
            let hasConnectors = try global.loadConnectors() != nil
            // Written unbuffered, so the addresses show at once even when stdout is a pipe or a log file.
            var banner = """
                pdgate serving \(gateway.directory.root.path)
                  API:     http://\(host):\(port)/v1  (OpenAPI: /openapi.json)
                  console: http://\(host):\(port)/console/login

                """
            if hasConnectors {
                banner += "  connectors: delivering the outbox (`pdgate connectors status` shows it)\n"
            }
            let scheduler = try purgeAt.map { try PurgeScheduler(at: $0) }
            if let purgeAt { banner += "  purge:   every day at \(purgeAt) Moscow time (dry run, then the run)\n" }
            FileHandle.standardOutput.write(Data(banner.utf8))
            // The dispatcher's HTTP transport is shut down once the server stops. A connector that cannot be set
            // up (a missing credential, say) must not take the API down: the outbox keeps its events, and
            // `pdgate connectors sync` shows the same error.
            do {
                try await ConnectorsCommand.withDispatcher(global, gateway) {
                    try await server.run(dispatcher: $0, purge: scheduler)
                }
            } catch let error as CLIFailure {
                FileHandle.standardError.write(Data(("warning: connectors not started: \(error.message); the outbox "
                    + "keeps their events\n").utf8))
                try await server.run(purge: scheduler)
            }
        }
    }

    /// Mailchimp and UniSender connectors with a `webhookSecret` credential receive their webhooks (UniSender's are
    /// also checked against the connector's `apiKey`).
    func inboundEndpoints() throws -> [InboundEndpoint] {
        guard let config = try global.loadConnectors() else { return [] }
        var endpoints: [InboundEndpoint] = []
        for entry in config.connectors where entry.enabled {
            guard let format = InboundEndpoint.Format(rawValue: entry.type),
                let source = entry.credentials["webhookSecret"]
            else { continue }
            let secret = try Self.credential(source, "webhookSecret", of: entry)
            guard secret.utf8.count >= 24 else {
                throw CLIFailure(message: "error: connector \(entry.name): webhookSecret must be at least 24 "
                                 + "characters (it is what authenticates the webhook)", exitCode: 1)
            }
            switch format {
            case .mailchimp:
                endpoints.append(InboundEndpoint(connector: entry.name, format: .mailchimp, secret: secret,
                                                 listID: entry.settings["listID"]?.stringValue))
            case .unisender:
                guard let key = entry.credentials["apiKey"] else {
                    throw CLIFailure(message: "error: connector \(entry.name): UniSender hooks need the apiKey "
                                     + "credential (their auth digest is computed with it)", exitCode: 1)
                }
                endpoints.append(InboundEndpoint(connector: entry.name, format: .unisender, secret: secret,
                                                 apiKey: try Self.credential(key, "apiKey", of: entry)))
            }
        }
        return endpoints
    }

    private static func credential(_ source: SecretSource, _ name: String, of entry: ConnectorConfig) throws
        -> String
    {
        do { return try source.load().reveal() } catch {
            throw CLIFailure(message: "error: connector \(entry.name): \(name): \(error)", exitCode: 1)
        }
    }
}
