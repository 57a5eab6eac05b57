import ArgumentParser
import Foundation
import Gateway
import Logging
import Server
import ConnectorKit
import Mailer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (/v1), the console (/console), the privacy center (/privacy), /healthz and /metrics.",
        discussion: """
            When connectors are configured (DATA/connectors.json), also delivers the outbox to them, as \
            `pdgate connectors sync` does. Listens on plain HTTP: keep it on 127.0.0.1 and terminate TLS in a reverse proxy (nginx, Caddy) in \
            front of it; see docs/API.md. Callers authenticate with tokens from `pdgate token create`. Stops \
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
    @Option(name: .customLong("public-url"),
            help: "The address people reach the server at (https://privacy.example.com), for links in e-mails.")
    var publicURL: String?
    @Option(name: .customLong("privacy-jurisdiction"), help: "Deadlines for requests filed in the privacy center: RU or EU.")
    var privacyJurisdiction = "RU"
    @Option(name: .customLong("smtp-host"),
            help: "Submission server for the privacy center's codes and confirmations (or PDGATE_SMTP_HOST).")
    var smtpHost: String?
    @Option(name: .customLong("smtp-port"), help: "SMTP port (587: submission with STARTTLS).") var smtpPort = 587
    @Option(name: .customLong("smtp-user"), help: "SMTP user name (or PDGATE_SMTP_USER).") var smtpUser: String?
    @Option(name: .customLong("smtp-password-file"),
            help: "File (mode 0600) holding the SMTP password; or set PDGATE_SMTP_PASSWORD.")
    var smtpPasswordFile: String?
    @Option(name: .customLong("smtp-from"), help: "Sender address of the privacy center's e-mails (or PDGATE_SMTP_FROM).")
    var smtpFrom: String?
    @Option(name: .customLong("smtp-from-name"), help: "Sender name shown in those e-mails.") var smtpFromName: String?
    @Option(name: .customLong("smtp-ca-file"), help: "PEM file of CA certificates to trust instead of the system's.")
    var smtpCAFile: String?
    @Option(name: .customLong("mail-via"),
            help: ArgumentHelp("Send the privacy center's e-mails through this connector's transactional API (a "
                + "unisender entry of connectors.json) instead of SMTP; --smtp-from and --smtp-from-name give "
                + "the sender."))
    var mailVia: String?
    @Option(name: .customLong("sms-via"),
            help: ArgumentHelp("Send the privacy center's codes to people with only a phone on file by SMS through "
                + "this connector (a unisender entry of connectors.json, its sendSms); --sms-sender names the sender."))
    var smsVia: String?
    @Option(name: .customLong("sms-sender"), help: "The SMS sender name registered at the service (3-11 Latin letters).")
    var smsSender: String?
    @Flag(name: .customLong("dev-inbox"),
          help: ArgumentHelp("Development only: write every e-mail to DATA/dev-inbox/ instead of sending it, readable "
                             + "at /dev/inbox (loopback only). `make run` uses it."))
    var devInbox = false
    @Flag(name: .customLong("smtp-require-tls"), inversion: .prefixedNo,
          help: "Refuse a server without STARTTLS (credentials never go in clear either way).")
    var smtpRequireTLS = true

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1-65535") }
        guard (1...16_384).contains(maxBodyKB) else { throw ValidationError("--max-body-kb must be 1-16384") }
        guard (1...65_535).contains(smtpPort) else { throw ValidationError("--smtp-port must be 1-65535") }
        if let publicURL, !(publicURL.hasPrefix("https://") || publicURL.hasPrefix("http://")) {
            throw ValidationError("--public-url starts with https:// (or http:// for a test)")
        }
        guard authFailures > 0 else { throw ValidationError("--auth-failures must be positive") }
        if devInbox {
            guard ["127.0.0.1", "::1", "localhost"].contains(host) else {
                throw ValidationError("--dev-inbox serves e-mails in clear: only with a loopback --host")
            }
            guard mailVia == nil, smtpHost == nil else {
                throw ValidationError("--dev-inbox replaces the mailer; drop --smtp-host and --mail-via")
            }
            guard smsVia == nil else {
                throw ValidationError("--dev-inbox replaces the SMS route; drop --sms-via")
            }
        }
        if smsVia != nil, smsSender == nil {
            throw ValidationError("--sms-via needs --sms-sender, the sender name registered at the service")
        }
        if let purgeAt, (try? PurgeScheduler(at: purgeAt, in: .gmt)) == nil {
            throw ValidationError("--purge-at is HH:MM, 00:00 to 23:59 (Moscow time)")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be trace, debug, info, notice, warning or error")
        }
    }

    func run() async throws {
        try await runReporting {
            let gateway = try await global.openGateway()
            // A line per request: buffered for at most 100 ms, warnings and errors written at once.
            var logger = Logger(label: "pdgate.server") { LineLogHandler(label: $0) }
            defer { LineLogSink.standardError.flush() }
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            var configuration = ServerConfiguration(
                host: host, port: port, maxBodyBytes: maxBodyKB * 1024, authFailureLimit: authFailures,
                trustForwardedFor: trustProxy, secureCookies: secureCookies)
            do {
                configuration.inbound = try inboundEndpoints()
            } catch {
                FileHandle.standardError.write(Data("warning: inbound webhooks not served: \(error)\n".utf8))
            }
            var mailer = try await makeMailer(gateway: gateway)
            var texter = try await makeTexter(gateway: gateway)
            if devInbox {
                let inbox = try FolderMailer(folder: gateway.directory.root.appendingPathComponent("dev-inbox"))
                configuration.devInbox = inbox
                mailer = inbox
                texter = inbox
            }
            if let mailer {
                do {
                    let texts = try RequesterMessages(folder: global.policiesURL.appendingPathComponent("messages"))
                    gateway.sendRequesterMessages(through: mailer, texts: texts, texter: texter)
                    // Access answers of letters, calls and e-mails: a one-time link to the privacy center.
                    gateway.deliverAnswerLinks(AnswerLinkDelivery(baseURL: publicURL ?? "http://\(host):\(port)"))
                } catch let error as GatewayError {
                    throw CLIFailure(message: "error: \(error.message)", exitCode: 1)
                }
            }
            configuration.privacyCenter = PrivacyCenterConfiguration(
                mailer: mailer, publicBaseURL: publicURL ?? "http://\(host):\(port)", jurisdiction: privacyJurisdiction,
                texter: texter)
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
                  privacy center: http://\(host):\(port)/privacy\(mailer == nil
                    ? "  (e-mail verification NOT configured: no codes can be sent; see --smtp-host)" : "")
                \(devInbox ? "  dev inbox: http://\(host):\(port)/dev/inbox  (every e-mail lands here, not sent)\n" : "")

                """
            if hasConnectors {
                banner += "  connectors: delivering the outbox (`pdgate connectors status` shows it)\n"
            }
            let scheduler = try purgeAt.map { try PurgeScheduler(at: $0, in: gateway.policies.operatorTimeZone) }
            if let purgeAt {
                banner += "  purge:   every day at \(purgeAt) \(gateway.policies.operatorTimeZone.identifier) "
                    + "(dry run, then the run)\n"
            }
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

    /// The mailer of the privacy center: a connector's transactional send with `--mail-via`, else SMTP; nil when
    /// neither is configured (the center then says it cannot verify anyone, and the banner says so).
    func makeMailer(gateway: Gateway) async throws -> (any Mailer)? {
        let environment = ProcessInfo.processInfo.environment
        if let mailVia { return try await connectorMailer(mailVia, gateway: gateway) }
        guard let host = smtpHost ?? environment["PDGATE_SMTP_HOST"], !host.isEmpty else { return nil }
        guard let from = smtpFrom ?? environment["PDGATE_SMTP_FROM"] else {
            throw CLIFailure(message: "error: --smtp-from (or PDGATE_SMTP_FROM) is needed with --smtp-host", exitCode: 64)
        }
        var password = environment["PDGATE_SMTP_PASSWORD"]
        if let file = smtpPasswordFile {
            do {
                password = try SecretSource.file(file).load().reveal()
            } catch {
                throw CLIFailure(message: "error: --smtp-password-file: \(error)", exitCode: 1)
            }
        }
        do {
            return try SMTPMailer(configuration: SMTPConfiguration(
                host: host, port: smtpPort, username: smtpUser ?? environment["PDGATE_SMTP_USER"], password: password,
                from: from, fromName: smtpFromName, requireTLS: smtpRequireTLS, trustedCertificatesFile: smtpCAFile))
        } catch let error as MailerError {
            throw CLIFailure(message: "error: SMTP: \(error.message)", exitCode: 64)
        }
    }

    /// The transactional send of the connector `name` of connectors.json, over URLSession (a few e-mails a minute need
    /// no connection pool). A service abroad without the transfer notice is refused, as for the outbox.
    func connectorMailer(_ name: String, gateway: Gateway) async throws -> ConnectorMailer {
        guard let from = smtpFrom ?? ProcessInfo.processInfo.environment["PDGATE_SMTP_FROM"] else {
            throw CLIFailure(message: "error: --smtp-from (or PDGATE_SMTP_FROM) is needed with --mail-via",
                             exitCode: 64)
        }
        let connector = try await configuredConnector(name, option: "--mail-via", gateway: gateway)
        guard let sender = connector as? any TransactionalSending else {
            throw CLIFailure(message: "error: --mail-via: connector \(name) has no transactional send (use unisender)",
                             exitCode: 64)
        }
        return ConnectorMailer(sender: sender, from: from, fromName: smtpFromName ?? "Privacy center")
    }

    /// Connectors with a `webhookSecret` credential whose service sends webhooks (their factory has a reader:
    /// Mailchimp, UniSender) receive them at `/inbound/{connector}/{secret}`.
    func inboundEndpoints() throws -> [InboundEndpoint] {
        guard let config = try global.loadConnectors() else { return [] }
        var endpoints: [InboundEndpoint] = []
        for entry in config.connectors where entry.enabled {
            guard let source = entry.credentials["webhookSecret"],
                let factory = ConnectorsCommand.factories.first(where: { $0.type == entry.type })
            else { continue }
            let secret = try Self.credential(source, "webhookSecret", of: entry)
            guard secret.utf8.count >= 24 else {
                throw CLIFailure(message: "error: connector \(entry.name): webhookSecret must be at least 24 "
                                 + "characters (it is what authenticates the webhook)", exitCode: 1)
            }
            let reader: (any InboundWebhookReader)?
            do {
                let credentials = try entry.loadCredentials(environment: ProcessInfo.processInfo.environment)
                reader = try factory.makeInboundReader(config: entry, credentials: credentials)
            } catch {
                throw CLIFailure(message: "error: connector \(entry.name): \(error)", exitCode: 1)
            }
            guard let reader else { continue }
            endpoints.append(InboundEndpoint(connector: entry.name, secret: secret, reader: reader))
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
