import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers mail to a submission server over SMTP (RFC 5321) with STARTTLS (RFC 3207) and AUTH PLAIN or LOGIN
/// (RFC 4954), one connection per message.
///
/// The session: the greeting, EHLO, STARTTLS whenever the server offers it (then EHLO again), AUTH when a user name
/// is configured, MAIL FROM, RCPT TO, DATA with the dot-stuffed message, QUIT. It refuses to go on without TLS when
/// ``SMTPConfiguration/requireTLS`` is set, and never sends credentials in clear. Certificates are verified
/// against the configured host name (and the system's or the configured trust roots). The whole delivery is bounded
/// by ``SMTPConfiguration/timeout``. Errors name the step and reply code only.
public struct SMTPMailer: Mailer {
    public let configuration: SMTPConfiguration
    private let tlsContext: NIOSSLContext

    /// A mailer for a server; the TLS context (trust roots) is prepared here.
    ///
    /// - Throws: ``MailerError`` `invalidMessage` when the sender is not a plain address or the trusted certificates
    ///   file cannot be read.
    public init(configuration: SMTPConfiguration) throws {
        guard Self.isPlainAddress(configuration.from) else {
            throw MailerError(.invalidMessage, "the sender address is not a plain e-mail address")
        }
        self.configuration = configuration
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let file = configuration.trustedCertificatesFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
            } catch {
                throw MailerError(.invalidMessage, "cannot read the trusted certificates file")
            }
        }
        do {
            tlsContext = try NIOSSLContext(configuration: tls)
        } catch {
            throw MailerError(.invalidMessage, "cannot prepare TLS: \(error)")
        }
    }

    public func send(_ message: MailMessage) async throws {
        guard Self.isPlainAddress(message.to) else {
            throw MailerError(.invalidMessage, "the recipient is not a plain e-mail address")
        }
        let channel = try await connect()
        let configuration = self.configuration
        let context = tlsContext
        try await Self.withTimeout(configuration.timeout, onTimeout: { channel.channel.close(promise: nil) }) {
            try await channel.executeThenClose { inbound, outbound in
                var session = SMTPConversation(channel: channel.channel, inbound: inbound.makeAsyncIterator(),
                                               outbound: outbound)
                try await Self.deliver(message, in: &session, configuration: configuration, tls: context)
            }
        }
    }

    // MARK: The session

    private static func deliver(_ message: MailMessage, in session: inout SMTPConversation,
                                configuration: SMTPConfiguration, tls: NIOSSLContext) async throws {
        let greeting = try await session.reply()
        guard greeting.code == 220 else {
            throw MailerError(.rejected, "the mail server greeted with \(greeting.code)", replyCode: greeting.code)
        }
        let ehlo = "EHLO \(configuration.heloName)"
        var extensions = try await session.expect(ehlo, step: "EHLO", accepted: [250],
                                                  failure: .protocolViolation).extensions
        if extensions.contains("STARTTLS") {
            _ = try await session.expect("STARTTLS", step: "STARTTLS", accepted: [220], failure: .tls)
            try await session.startTLS(context: tls, serverHostname: serverHostname(configuration.host))
            extensions = try await session.expect(ehlo, step: "EHLO after STARTTLS", accepted: [250],
                                                  failure: .protocolViolation).extensions
        } else if configuration.requireTLS {
            try? await session.write("QUIT\r\n")
            throw MailerError(.tlsRequired, "the mail server does not offer STARTTLS and TLS is required")
        }
        if let username = configuration.username {
            guard session.isEncrypted else {
                try? await session.write("QUIT\r\n")
                throw MailerError(.tlsRequired, "refusing to send credentials to a mail server without TLS")
            }
            try await authenticate(&session, username: username, password: configuration.password ?? "",
                                   extensions: extensions)
        }
        let eightBit = extensions.contains("8BITMIME")
        _ = try await session.expect("MAIL FROM:<\(configuration.from)>" + (eightBit ? " BODY=8BITMIME" : ""),
                                     step: "MAIL FROM", accepted: [250])
        _ = try await session.expect("RCPT TO:<\(message.to)>", step: "RCPT TO", accepted: [250, 251])
        _ = try await session.expect("DATA", step: "DATA", accepted: [354])
        let domain = configuration.from.split(separator: "@").last.map(String.init) ?? "localhost"
        let id = MIMEMessage.messageID(domain: domain)
        let text = MIMEMessage.render(message, from: configuration.from, fromName: configuration.fromName,
                                      date: Date(), messageID: id, eightBitAllowed: eightBit)
        try await session.write(MIMEMessage.dotStuffed(text))
        let accepted = try await session.reply()
        guard accepted.code == 250 else {
            throw MailerError(.rejected, "the mail server answered \(accepted.code) to the message",
                              replyCode: accepted.code)
        }
        // The message is the server's now; a failed QUIT changes nothing.
        _ = try? await session.command("QUIT", step: "QUIT")
    }

    private static func authenticate(_ session: inout SMTPConversation, username: String, password: String,
                                     extensions: [String]) async throws {
        let mechanisms = Set(extensions.first { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }?
            .dropFirst(5).split(separator: " ").map(String.init) ?? [])
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            _ = try await session.expect("AUTH PLAIN \(token)", step: "AUTH PLAIN", accepted: [235],
                                         failure: .authentication)
        } else if mechanisms.contains("LOGIN") {
            _ = try await session.expect("AUTH LOGIN", step: "AUTH LOGIN", accepted: [334], failure: .authentication)
            _ = try await session.expect(Data(username.utf8).base64EncodedString(), step: "AUTH LOGIN user name",
                                         accepted: [334], failure: .authentication)
            _ = try await session.expect(Data(password.utf8).base64EncodedString(), step: "AUTH LOGIN password",
                                         accepted: [235], failure: .authentication)
        } else {
            throw MailerError(.authentication, "the mail server offers neither AUTH PLAIN nor AUTH LOGIN")
        }
    }

    // MARK: Plumbing

    private func connect() async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let timeout = configuration.timeout.components.seconds
        do {
            return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(max(1, timeout)))
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw MailerError(.connection, "cannot connect to the mail server \(configuration.host):\(configuration.port)")
        }
    }

    /// Runs `body`, and after `timeout` calls `onTimeout` (which closes the connection, so `body` ends) and throws
    /// ``MailerError`` `timeout`.
    static func withTimeout(_ timeout: Duration, onTimeout: @escaping @Sendable () -> Void,
                            _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            do {
                let finished = try await group.next() ?? false
                group.cancelAll()
                if !finished {
                    onTimeout()
                    throw MailerError(.timeout, "the mail server did not answer within \(timeout)")
                }
            } catch {
                group.cancelAll()
                onTimeout()
                throw error
            }
        }
    }

    /// The name certificates are checked against and sent in SNI; nil for an IP literal (checked against the
    /// address instead).
    static func serverHostname(_ host: String) -> String? {
        host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
    }

    /// An address with no spaces, angle brackets or line breaks, one `@`, something on both sides.
    static func isPlainAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && address.utf8.count <= 254
            && !address.unicodeScalars.contains { $0.properties.generalCategory == .control || " <>\\\",;".unicodeScalars.contains($0) }
    }
}
