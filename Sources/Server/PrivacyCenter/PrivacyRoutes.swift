import Foundation
import Gateway
import Hummingbird
import Keyring
import Logging
import Mailer
import Policy

/// The privacy center: public pages under `/privacy` where people exercise their rights themselves, in Russian
/// (default) and English, without JavaScript.
///
/// A person names their e-mail or phone and receives a one-time code at the e-mail address on file; the answer and
/// the work done are the same whether or not anyone matches (no enumeration). The code opens a session of its own
/// (cookie on `/privacy`, never a staff credential) in which they see their requests with their legal deadlines,
/// file new ones, download access answers through one-time links and give or withdraw each consent. The embeddable
/// lead form records people only after they confirm by e-mail (double opt-in). Every gateway call runs as
/// ``Gateway/privacyCenter`` and is audited; links carry random tokens, never addresses.
struct PrivacyRoutes: Sendable {
    let gateway: Gateway
    let configuration: PrivacyCenterConfiguration
    let challenges: PrivacyChallenges
    let sessions: PrivacySessions
    let outbox: PrivacyMailOutbox
    let renderer: PrivacyRenderer
    let resolver: ClientAddressResolver
    let secureCookies: Bool
    /// Codes and sign-ups per client address.
    let clientLimiter: AuthFailureLimiter
    /// Codes and sign-ups per e-mail or phone (by keyed hash).
    let addressLimiter: AuthFailureLimiter
    /// Wrong codes per client address.
    let wrongCodeLimiter: AuthFailureLimiter
    let principal = Gateway.privacyCenter

    init(gateway: Gateway, server: ServerConfiguration, logger: Logger) throws {
        let configuration = server.privacyCenter
        self.gateway = gateway
        self.configuration = configuration
        challenges = PrivacyChallenges(gateway: gateway, lifetime: configuration.codeLifetime,
                                       attempts: configuration.codeAttempts, clock: server.clock)
        sessions = PrivacySessions(gateway: gateway, lifetime: configuration.sessionLifetime,
                                   linkLifetime: configuration.linkLifetime, clock: server.clock)
        outbox = PrivacyMailOutbox(mailer: configuration.mailer, texter: configuration.texter, logger: logger)
        renderer = try PrivacyRenderer(operator: gateway.policies.operatorDetails)
        resolver = ClientAddressResolver(trustForwardedFor: server.trustForwardedFor)
        secureCookies = server.secureCookies
        clientLimiter = AuthFailureLimiter(gateway: gateway, scope: "privacy.client",
                                           limit: configuration.requestsPerClient, window: configuration.limitWindow,
                                           clock: server.clock)
        addressLimiter = AuthFailureLimiter(gateway: gateway, scope: "privacy.address",
                                            limit: configuration.codesPerAddress, window: configuration.limitWindow,
                                            clock: server.clock)
        wrongCodeLimiter = AuthFailureLimiter(gateway: gateway, scope: "privacy.wrong_code",
                                              limit: configuration.wrongCodesPerClient,
                                              window: configuration.limitWindow, clock: server.clock)
    }

    /// Registers the pages under `/privacy` and the JSON sign-up endpoint under `/privacy/api`.
    func register(on router: Router<APIRequestContext>, table: RouteTable) {
        let prefix = "/privacy"
        let pages = router.group("privacy").add(middleware: PrivacyErrorMiddleware(renderer: renderer))
        func add(_ method: HTTPRequest.Method, _ path: String,
                 _ handler: @escaping @Sendable (Request, APIRequestContext) async throws -> Response) {
            table.add(method, path, prefix: prefix, on: pages, use: handler)
        }
        add(.get, "", startPage)
        add(.get, "assets/privacy.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "no-cache"],
                     body: .init(byteBuffer: ByteBuffer(string: PrivacyStylesheet.css)))
        }
        add(.post, "code", sendCode)
        add(.post, "verify", verify)
        add(.get, "me", account)
        add(.post, "requests", fileRequest)
        add(.post, "consents/{purpose}", changeConsent)
        add(.get, "download/{token}", download)
        add(.post, "logout", logout)
        add(.get, "notices/{purpose}", notice)
        add(.get, "a/{token}", answerLinkPage)
        add(.post, "a/{token}", openAnswer)
        add(.get, "answer", answerPage)
        add(.get, "answer/{format}", answerFile)
        add(.get, "signup", signupPage)
        add(.get, "signup/snippet", signupSnippet)
        add(.post, "signup", signup)
        add(.get, "signup/confirm/{token}", confirmPage)
        add(.post, "signup/confirm/{token}", confirm)
        // Sites call the JSON endpoint from their own back end: errors are JSON, as in the API.
        let api = router.group("privacy/api")
        table.add(.get, "signup", prefix: "/privacy/api", on: api, use: signupDescription)
        table.add(.post, "signup", prefix: "/privacy/api", on: api, use: signupJSON)
    }

    // MARK: Helpers

    /// The page frame: language from `?lang=`, the language cookie, or Russian.
    ///
    /// The language links of a page point at the page itself when it can be fetched again (a GET), else at the form
    /// it came from: a code or verification result links to the start page, a sign-up result to the lead form.
    static func frame(_ request: Request) -> PrivacyRenderer.Frame {
        let path = request.method == .get ? request.uri.path
            : request.uri.path.hasPrefix("/privacy/signup") ? "/privacy/signup" : "/privacy"
        if let asked = request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:)) {
            return .init(language: asked, path: path, rememberLanguage: true)
        }
        let saved = request.cookies[SiteCookies.privacy.language].flatMap { Language(rawValue: $0.value) }
        return .init(language: saved ?? .ru, path: path)
    }

    func text(_ key: String, _ frame: PrivacyRenderer.Frame) -> String { PrivacyStrings.text(key, frame.language) }

    /// The signed-in person, if the session cookie names a live session.
    func session(_ request: Request) async throws -> PrivacySession? {
        guard let id = request.cookies[SiteCookies.privacy.session]?.value else { return nil }
        return try await sessions.session(id)
    }

    /// A form of a signed-in page, after checking its origin and CSRF token.
    func checkedForm(_ request: Request, _ session: PrivacySession) async throws -> [String: String] {
        try ConsoleRoutes.refuseCrossSite(request, publicURL: configuration.publicBaseURL)
        let form = try await RequestBodyDecoder.form(from: request)
        guard let sent = form["csrf"], Sodium.constantTimeEqual(Array(sent.utf8), Array(session.csrf.utf8)) else {
            throw APIError(code: "csrf", status: .forbidden, message: "missing or wrong CSRF token")
        }
        return form
    }

    /// Counts one event for `key` and throws 429 when the limit is reached.
    func admit(_ key: String, in limiter: AuthFailureLimiter) async throws {
        if let seconds = try await limiter.admit(key) {
            throw APIError(code: "too_many_requests", status: .tooManyRequests,
                           message: "too many requests; retry in \(seconds) s", headers: [.retryAfter: "\(seconds)"])
        }
    }

    /// The limiter key of an e-mail or phone: the form the vault normalises it to (so an invisible character or
    /// another spelling of the same address is the same key). A contact that does not normalise is keyed by its
    /// letters and digits alone. The limiter stores only a keyed digest of it, never the value.
    func addressKey(_ contact: String) -> String {
        let simple = Gateway.normalisedContact(contact)
            ?? String(contact.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "@" })
        return "a:" + simple
    }

    /// A redirect that also remembers the language when it came in the query.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
