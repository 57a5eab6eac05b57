import Foundation
import Mailer
import PDGateTesting
import Testing

/// SMTPMailer against a real SMTP server (aiosmtpd on loopback, STARTTLS on a self-signed certificate the client
/// is told to trust).
@Suite("SMTP delivery to a real local server", .serialized)
struct SMTPMailerTests {
    static let message = MailMessage(
        to: "anna.test@example.com", subject: "Код подтверждения: 123456 — pdgate",
        text: "Здравствуйте!\nВаш код: 123456\n.\n.hidden line stays\nThe end.")

    static func mailer(_ server: LocalSMTPServer, user: String? = nil, password: String? = nil,
                       requireTLS: Bool = true, trust: Bool = true, timeout: Duration = .seconds(20)) throws
        -> SMTPMailer
    {
        try SMTPMailer(configuration: SMTPConfiguration(
            host: "localhost", port: server.port, username: user, password: password, from: "privacy@example.com",
            fromName: "Центр конфиденциальности", requireTLS: requireTLS,
            trustedCertificatesFile: trust ? server.certificateFile : nil, timeout: timeout))
    }

    @Test("Over STARTTLS with AUTH the server receives UTF-8 MIME, encoded-word subject, dot-stuffed lines intact",
          .timeLimit(.minutes(1)))
    func deliversOverStartTLSWithAuth() async throws {
        let server = try await LocalSMTPServer.start(options: .init(credentials: ("mailer", "s3cret-pass")))
        defer { server.stop() }
        try await Self.mailer(server, user: "mailer", password: "s3cret-pass").send(Self.message)
        let delivery = try #require(server.deliveries().first)
        #expect(delivery.usedTLS && delivery.authenticated)
        #expect(delivery.mailFrom == "privacy@example.com" && delivery.recipients == ["anna.test@example.com"])
        let headers = delivery.rawHeaders
        #expect(headers["content-type"] == "text/plain; charset=utf-8")
        #expect(headers["mime-version"] == "1.0")
        #expect(headers["to"] == "<anna.test@example.com>")
        #expect(headers["subject"]?.hasPrefix("=?utf-8?B?") == true)
        #expect(delivery.headers["subject"] == Self.message.subject)
        #expect(delivery.headers["from"]?.hasPrefix("Центр конфиденциальности") == true)
        #expect(delivery.text == Self.message.text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test("Without AUTH configured the message still goes over TLS when the server offers it")
    func deliversWithoutAuth() async throws {
        let server = try await LocalSMTPServer.start()
        defer { server.stop() }
        try await Self.mailer(server).send(MailMessage(to: "b@example.com", subject: "Plain ASCII", text: "hello"))
        let delivery = try #require(server.deliveries().first)
        #expect(delivery.usedTLS && !delivery.authenticated)
        #expect(delivery.rawHeaders["subject"] == "Plain ASCII")
    }

    @Test("A server without STARTTLS is refused when TLS is required, and credentials never go in clear")
    func refusesPlainServers() async throws {
        let server = try await LocalSMTPServer.start(options: .init(startTLS: false))
        defer { server.stop() }
        let required = await #expect(throws: MailerError.self) { try await Self.mailer(server).send(Self.message) }
        #expect(required?.code == .tlsRequired)
        let credentials = await #expect(throws: MailerError.self) {
            try await Self.mailer(server, user: "mailer", password: "s3cret-pass", requireTLS: false).send(Self.message)
        }
        #expect(credentials?.code == .tlsRequired)
        #expect(server.deliveries().isEmpty)
        // A relay on loopback without TLS is allowed when the operator says so (no credentials).
        try await Self.mailer(server, requireTLS: false).send(Self.message)
        #expect(server.deliveries().count == 1 && server.deliveries().first?.usedTLS == false)
    }

    @Test("An untrusted certificate fails the TLS step; nothing is delivered")
    func untrustedCertificateFails() async throws {
        let server = try await LocalSMTPServer.start()
        defer { server.stop() }
        let error = await #expect(throws: MailerError.self) { try await Self.mailer(server, trust: false).send(Self.message) }
        #expect(error?.code == .tls)
        #expect(server.deliveries().isEmpty)
    }

    @Test("Wrong credentials and a refused recipient give errors with the reply code and no address or password")
    func errorsCarryNoPersonalData() async throws {
        let server = try await LocalSMTPServer.start(options: .init(credentials: ("mailer", "s3cret-pass"),
                                                                          refuseRecipientsContaining: "refuse"))
        defer { server.stop() }
        let auth = await #expect(throws: MailerError.self) {
            try await Self.mailer(server, user: "mailer", password: "wrong-pass").send(Self.message)
        }
        #expect(auth?.code == .authentication && auth?.replyCode == 535)
        let refused = await #expect(throws: MailerError.self) {
            try await Self.mailer(server, user: "mailer", password: "s3cret-pass")
                .send(MailMessage(to: "refuse.me@example.com", subject: "x", text: "x"))
        }
        #expect(refused?.code == .rejected && refused?.replyCode == 550)
        for error in [auth, refused].compactMap({ $0 }) {
            let text = "\(error)"
            #expect(!text.contains("@") && !text.contains("wrong-pass") && !text.contains("mailer"), "\(text)")
        }
    }

    @Test("A server that never answers times out with a clear error", .timeLimit(.minutes(1)))
    func silentServerTimesOut() async throws {
        let server = try await LocalSMTPServer.start(options: .init(silent: true))
        defer { server.stop() }
        let started = ContinuousClock.now
        let error = await #expect(throws: MailerError.self) {
            try await Self.mailer(server, timeout: .seconds(1)).send(Self.message)
        }
        #expect(error?.code == .timeout)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test("Nothing reachable on the port is a connection error naming the server, not the recipient")
    func unreachableServer() async throws {
        let mailer = try SMTPMailer(configuration: SMTPConfiguration(host: "127.0.0.1", port: 1, from: "p@example.com"))
        let error = await #expect(throws: MailerError.self) { try await mailer.send(Self.message) }
        #expect(error?.code == .connection && !"\(error!)".contains("anna"))
    }

    @Test("A line break in an address is refused before connecting (no header or command injection)")
    func refusesInjectedAddresses() async throws {
        let mailer = try SMTPMailer(configuration: SMTPConfiguration(host: "127.0.0.1", port: 1, from: "p@example.com"))
        let error = await #expect(throws: MailerError.self) {
            try await mailer.send(MailMessage(to: "a@example.com>\r\nRCPT TO:<b@example.com", subject: "s", text: "t"))
        }
        #expect(error?.code == .invalidMessage)
        #expect(throws: MailerError.self) {
            _ = try SMTPMailer(configuration: SMTPConfiguration(host: "h", from: "no address"))
        }
        #expect(!"\(SMTPConfiguration(host: "h", username: "u", password: "hunter2", from: "p@example.com"))"
            .contains("hunter2"))
    }
}
