import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Mailer
import PDGateTesting
import Server
import Synchronization
import Testing

/// A privacy center under test: a gateway and server (`TestServer`) whose mailer is a real SMTP client delivering
/// over STARTTLS to a real aiosmtpd on loopback.
///
/// ``make(_:)`` returns nil when aiosmtpd or openssl is missing (the server prints why, and the test returns).
struct PrivacyHarness {
    /// The public address links in e-mails point to; tests take the path after it.
    static let base = "https://privacy.example.com"
    /// The fixture person's e-mail and phone: they must never appear in logs or URLs.
    static let email = "anna.test@example.com"
    static let phone = "+7 916 000-00-11"
    static let phoneDigits = "79160000011"

    let test: TestServer
    let smtp: LocalSMTPServer
    /// Holds every e-mail back until opened, when the harness was made `gated`.
    let gate: GatedMailer?

    /// - Parameters:
    ///   - gated: Hold e-mails back until ``gate`` opens: an answer that waited for the mail server would never come.
    ///   - configure: Changes to the center's limits.
    static func make(gated: Bool = false, connectors: [ConnectorRoute] = [],
                     _ configure: (inout PrivacyCenterConfiguration) -> Void = { _ in }) async throws
        -> PrivacyHarness
    {
        let smtp = try await LocalSMTPServer.start()
        let smtpMailer = try SMTPMailer(configuration: SMTPConfiguration(
            host: "localhost", port: smtp.port, from: "privacy@example.com", fromName: "Центр конфиденциальности",
            trustedCertificatesFile: smtp.certificateFile, timeout: .seconds(20)))
        let gate = gated ? GatedMailer(mailer: smtpMailer) : nil
        let mailer: any Mailer = gate ?? smtpMailer
        var center = PrivacyCenterConfiguration(mailer: mailer, publicBaseURL: base)
        configure(&center)
        let test = try await TestServer.make(connectors: connectors) { configuration in
            configuration.privacyCenter = center
            configuration.trustForwardedFor = true
        }
        return PrivacyHarness(test: test, smtp: smtp, gate: gate)
    }

    /// Runs `body` with a live HTTP client on loopback, then stops the SMTP server and removes the data.
    func run(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { smtp.stop() }
        try await test.test(.live, body)
    }

    /// The messages arrived so far once there are `count` of them (or the wait ran out).
    func mails(_ count: Int) async throws -> [LocalSMTPServer.Delivery] {
        let mails = try await smtp.deliveries(atLeast: count)
        #expect(mails.count >= count, "expected \(count) e-mails, got \(mails.count)")
        return mails
    }

    /// The 6-digit code in a verification e-mail.
    static func code(in mail: LocalSMTPServer.Delivery) -> String? {
        mail.text.split(whereSeparator: { !$0.isNumber }).first { $0.count == 6 }.map(String.init)
    }

    /// The path (after ``base``) of the first link to this server in an e-mail.
    static func link(in mail: LocalSMTPServer.Delivery) -> String? {
        guard let start = mail.text.range(of: base) else { return nil }
        return String(mail.text[start.upperBound...].prefix { !$0.isWhitespace })
    }
}

/// A browser of the privacy center: keeps its cookies, posts forms, never follows redirects by itself.
struct PrivacyVisitor {
    let client: any TestClientProtocol
    /// The client address the (trusted) proxy reports, for the per-address limits.
    var clientAddress = "203.0.113.10"
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol, clientAddress: String = "203.0.113.10") {
        self.client = client
        self.clientAddress = clientAddress
    }

    /// Every URL the visitor asked for, to check that none carries personal data.
    private(set) var visited: [String] = []

    mutating func get(_ path: String) async throws -> TestResponse {
        try await send(.get, path, body: nil)
    }

    mutating func post(_ path: String, _ form: [(String, String)]) async throws -> TestResponse {
        try await send(.post, path, body: Self.encode(form))
    }

    mutating func send(_ method: HTTPRequest.Method, _ path: String, body: String?,
                       headers extra: HTTPFields = [:]) async throws -> TestResponse {
        visited.append(path)
        var headers: HTTPFields = [.init("X-Forwarded-For")!: clientAddress]
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: "; ")
        }
        if body != nil && extra[.contentType] == nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        headers.append(contentsOf: extra)
        let response = try await client.send(method, path, headers: headers, body: body)
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";")[0]
                .split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            cookies[String(pair[0])] = pair[1].isEmpty || line.contains("Max-Age=0") ? nil : String(pair[1])
        }
        if let location = response.headers[.location] { visited.append(location) }
        return response
    }

    /// Asks for a code for `contact` and returns the challenge token of the code page.
    mutating func askCode(for contact: String) async throws -> (TestResponse, String?) {
        let page = try await post("/privacy/code", [("contact", contact)])
        return (page, Self.hidden("challenge", in: page.text))
    }

    /// Asks for a code, reads it from the e-mail and signs in; returns the account page.
    mutating func signIn(_ harness: PrivacyHarness, contact: String = PrivacyHarness.email, mailIndex: Int)
        async throws -> TestResponse
    {
        let (_, challenge) = try await askCode(for: contact)
        let mail = try #require(try await harness.mails(mailIndex + 1).dropFirst(mailIndex).first)
        let code = try #require(PrivacyHarness.code(in: mail))
        let verified = try await post("/privacy/verify", [("challenge", try #require(challenge)), ("code", code)])
        #expect(verified.status == .seeOther && verified.headers[.location] == "/privacy/me")
        return try await get("/privacy/me")
    }

    /// The value of a hidden input.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Every `href="…"` and `action="…"` of a page.
    static func targets(in html: String) -> [String] {
        var found: [String] = []
        for attribute in ["href=\"", "action=\""] {
            var rest = Substring(html)
            while let range = rest.range(of: attribute) {
                let value = rest[range.upperBound...].prefix { $0 != "\"" }
                found.append(String(value))
                rest = rest[range.upperBound...]
            }
        }
        return found
    }

    static func encode(_ form: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return form.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}

/// A mailer that holds every message until ``open()`` is called: a mail server that does not answer yet.
final class GatedMailer: Mailer {
    private struct State {
        var isOpen = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    let mailer: any Mailer
    private let state = Mutex(State())

    init(mailer: any Mailer) {
        self.mailer = mailer
    }

    func send(_ message: MailMessage) async throws {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let go = state.withLock { state -> Bool in
                if state.isOpen { return true }
                state.waiting.append(continuation)
                return false
            }
            if go { continuation.resume() }
        }
        try await mailer.send(message)
    }

    /// Lets the held messages and every later one through.
    func open() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}
