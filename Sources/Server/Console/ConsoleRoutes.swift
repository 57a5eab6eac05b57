import Core
import Foundation
import Hummingbird
import Gateway
import Keyring
import Policy
import Requests

/// The privacy officer's console: server-rendered pages and plain HTML forms under `/console`, no scripts.
///
/// Login takes an API token and opens a server-side session (cookie: HttpOnly, SameSite=Strict); every page
/// re-authenticates the session's token, so a revoked token logs out at once. Every form carries the session's
/// CSRF token (the login form a pre-session one, ``ConsoleLoginGuard``), and a post from another origin (per
/// `Origin`, else `Sec-Fetch-Site`) is refused. Personal values searched for travel in form
/// bodies, never in URLs. Every gateway call is the same as the API's, under the session's principal.
struct ConsoleRoutes: Sendable {
    let gateway: Gateway
    let authenticator: Authenticator
    let sessions: ConsoleSessions
    let secureCookies: Bool
    /// The address people reach the server at (`--public-url`): a form posted from its origin is the server's own,
    /// whatever `Host` a proxy in front passes on.
    let publicURL: String?
    let clock: @Sendable () -> Date
    let renderer: ConsoleRenderer

    init(gateway: Gateway, authenticator: Authenticator, sessions: ConsoleSessions, secureCookies: Bool,
         publicURL: String? = nil, clock: @escaping @Sendable () -> Date) throws {
        self.gateway = gateway
        self.publicURL = publicURL
        self.authenticator = authenticator
        self.sessions = sessions
        self.secureCookies = secureCookies
        self.clock = clock
        renderer = try ConsoleRenderer()
    }

    /// Registers the console's routes under `/console`.
    func register(on router: Router<APIRequestContext>, table: RouteTable) {
        let prefix = "/console"
        let home: @Sendable (Principal?) -> String = { [self] principal in self.home(for: principal) }
        let console = router.group("console").add(middleware: ConsoleErrorMiddleware(renderer: renderer, home: home))
        func add(_ group: RouterGroup<APIRequestContext>, _ method: HTTPRequest.Method, _ path: String,
                 _ handler: @escaping @Sendable (Request, APIRequestContext) async throws -> Response) {
            table.add(method, path, prefix: prefix, on: group, use: handler)
        }
        add(console, .get, "") { _, _ in Response.redirect(to: "/console/requests", type: .normal) }
        add(console, .get, "login", loginPage)
        add(console, .post, "login", login)
        add(console, .get, "assets/console.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "no-cache"],
                     body: .init(byteBuffer: ByteBuffer(string: ConsoleStylesheet.css)))
        }
        // The inner error middleware renders failures after authentication with the signed-in frame (navigation,
        // logout form); the outer one covers login and authentication themselves.
        let secured = console.group().add(middleware: ConsoleAuthMiddleware(gateway: gateway, sessions: sessions))
            .add(middleware: ConsoleErrorMiddleware(renderer: renderer, home: home))
        add(secured, .post, "logout", logout)
        add(secured, .get, "requests", requestQueue)
        add(secured, .get, "requests/new", newRequestPage)
        add(secured, .post, "requests/new", newRequest)
        add(secured, .get, "requests/{reference}", requestPage)
        add(secured, .post, "requests/{reference}/verify", verify)
        add(secured, .post, "requests/{reference}/ask-identity", askIdentity)
        add(secured, .post, "requests/{reference}/run", run)
        add(secured, .post, "requests/{reference}/refuse", refuse)
        add(secured, .post, "requests/{reference}/extend", extend)
        add(secured, .post, "requests/{reference}/note", addNote)
        add(secured, .get, "requests/{reference}/review", freeTextReviewPage)
        add(secured, .post, "requests/{reference}/review", freeTextReview)
        add(secured, .post, "requests/{reference}/answer-link", reissueAnswerLink)
        add(secured, .get, "requests/{reference}/bundle", bundle)
        add(secured, .get, "requests/{reference}/act", act)
        add(secured, .get, "subjects", subjectSearchPage)
        add(secured, .post, "subjects", subjectSearch)
        add(secured, .get, "subjects/{id}", subjectPage)
        add(secured, .get, "subjects/{id}/audit", auditPage)
        add(secured, .post, "subjects/{id}/act", subjectAction)
        add(secured, .get, "purge", purgePreview)
        add(secured, .get, "stats", statistics)
        add(secured, .get, "connectors", connectorsPage)
        add(secured, .post, "connectors/{name}/test", testConnector)
        add(secured, .post, "connectors/dead-letters/{event}/requeue", requeue)
        add(secured, .get, "incidents", incidentRegister)
        add(secured, .get, "incidents/new", newIncidentPage)
        add(secured, .post, "incidents/new", openIncident)
        add(secured, .get, "incidents/{incident}", incidentPage)
        add(secured, .post, "incidents/{incident}/update", updateIncident)
        add(secured, .post, "incidents/{incident}/close", closeIncident)
        add(secured, .get, "incidents/{incident}/draft", incidentDraftPage)
        add(secured, .get, "access-review", accessReviewPage)
        add(secured, .get, "tokens", tokensPage)
        add(secured, .post, "tokens", createToken)
        add(secured, .post, "tokens/{name}/revoke", revokeToken)
    }

    // MARK: Login

    @Sendable func loginPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        if let id = SiteCookies.console.value(SiteCookies.console.session, in: request),
            try await sessions.session(id) != nil {
            return Response.redirect(to: "/console/requests", type: .normal)
        }
        var chrome = Self.chrome(request, context)
        let (token, setCookie) = ConsoleLoginGuard.token(request, secure: secureCookies)
        chrome.csrf = token
        var headers: HTTPFields = [:]
        if let setCookie { headers[values: .setCookie].append(setCookie) }
        return renderer.page("login", title: ConsoleStrings.text("login_title", chrome.language), chrome: chrome,
                             extraHeaders: headers)
    }

    @Sendable func login(_ request: Request, context: APIRequestContext) async throws -> Response {
        try Self.refuseCrossSite(request, publicURL: publicURL)
        var chrome = Self.chrome(request, context)
        let title = ConsoleStrings.text("login_title", chrome.language)
        let form = try await RequestBodyDecoder.form(from: request)
        try ConsoleLoginGuard.check(form, request)
        chrome.csrf = form["csrf"]
        let client = authenticator.resolver.client(of: request, context: context)
        do {
            let token = (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let principal = try await authenticator.authenticate(token: token, client: client, logger: context.logger)
            let session = try await sessions.open(token: token)
            var response = Response.redirect(to: home(for: principal), type: .normal)
            response.headers[values: .setCookie].append(SiteCookies.console.session(
                session.id, maxAge: sessions.seconds, secure: secureCookies))
            response.headers[values: .setCookie].append(ConsoleLoginGuard.clear(secure: secureCookies))
            return response
        } catch let error as APIError {
            let key = error.status == .tooManyRequests ? "login_blocked" : "login_failed"
            return renderer.page("login", title: title, chrome: chrome,
                                 values: ["problem": ConsoleStrings.text(key, chrome.language)],
                                 status: error.status, extraHeaders: error.status == .tooManyRequests
                                    ? error.headers : [:])
        }
    }

    @Sendable func logout(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try await checkedForm(request, context)
        if let session = context.session { try await sessions.close(session.id) }
        var response = Response.redirect(to: "/console/login", type: .normal)
        response.headers[values: .setCookie].append(SiteCookies.console.clearSession(secure: secureCookies))
        return response
    }

    // MARK: Helpers

    /// The page the console opens on for a principal: the request queue for roles that handle requests, the
    /// subject search for the others (support finds a caller there).
    func home(for principal: Principal?) -> String {
        principal.map { gateway.handlesRequests($0) } ?? true ? "/console/requests" : "/console/subjects"
    }

    /// The page frame for a request: language from `?lang=`, the language cookie, or `Accept-Language`.
    static func chrome(_ request: Request, _ context: APIRequestContext) -> ConsoleRenderer.Chrome {
        var remember = false
        let language: Language
        if let asked = request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:)) {
            language = asked
            remember = true
        } else if let saved = SiteCookies.console.value(SiteCookies.console.language, in: request).flatMap(Language.init) {
            language = saved
        } else if let accept = request.headers[.acceptLanguage], accept.lowercased().hasPrefix("ru") {
            language = .ru
        } else {
            language = .en
        }
        return ConsoleRenderer.Chrome(language: language, principal: context.principal, csrf: context.session?.csrf,
                                      path: request.uri.path, rememberLanguage: remember)
    }

    /// Refuses a form posted from another site: when the browser sends `Origin`, it must be this server's own
    /// (the host and port the request's `Host` names, or the origin of `publicURL`; `null` is never); without it,
    /// a `Sec-Fetch-Site: cross-site` is refused. SameSite=Strict already keeps the session cookie away from such
    /// posts.
    static func refuseCrossSite(_ request: Request, publicURL: String? = nil) throws {
        if let origin = request.headers[.origin] {
            guard isOwnOrigin(origin, of: request) || isOrigin(origin, of: publicURL) else {
                throw APIError.forbidden("forms are accepted only from this server's own pages")
            }
        }
        if let site = request.headers[.init("Sec-Fetch-Site")!], site == "cross-site" {
            throw APIError.forbidden("cross-site form posts are refused")
        }
    }

    /// Whether `origin` is the origin (scheme, host, port) of `url`.
    static func isOrigin(_ origin: String, of url: String?) -> Bool {
        func key(_ text: String) -> String? {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                let host = url.host?.lowercased()
            else { return nil }
            return "\(scheme)://\(host):\(url.port ?? (scheme == "https" ? 443 : 80))"
        }
        guard let url, let theirs = key(origin), let ours = key(url) else { return false }
        return theirs == ours
    }

    /// Whether `origin` (`scheme://host[:port]`) names the host and port the request was sent to.
    static func isOwnOrigin(_ origin: String, of request: Request) -> Bool {
        guard let url = URL(string: origin), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host?.lowercased(), url.path.isEmpty, url.query == nil,
            let authority = request.head.authority
        else { return false }
        let defaultPort = scheme == "https" ? 443 : 80
        let port = url.port ?? defaultPort
        // The Host header: `name`, `name:port`, `[v6]` or `[v6]:port`.
        var target = authority.lowercased()
        var targetPort = defaultPort
        if let colon = target.lastIndex(of: ":"), !target[colon...].contains("]"),
            let number = Int(target[target.index(after: colon)...]) {
            targetPort = number
            target = String(target[..<colon])
        }
        let bare = host.hasPrefix("[") ? host : (host.contains(":") ? "[\(host)]" : host)
        return (bare == target || host == target) && port == targetPort
    }

    /// The fields of a console form, after checking its CSRF token against the session's.
    func checkedForm(_ request: Request, _ context: APIRequestContext) async throws -> [String: String] {
        try Self.refuseCrossSite(request, publicURL: publicURL)
        let form = try await RequestBodyDecoder.form(from: request)
        guard let session = context.session, let sent = form["csrf"],
            Sodium.constantTimeEqual(Array(sent.utf8), Array(session.csrf.utf8))
        else {
            throw APIError(code: "csrf", status: .forbidden, message: "missing or wrong CSRF token")
        }
        return form
    }

    /// A required, single-line-or-paragraph text from a form, at most `limit` characters.
    static func text(_ form: [String: String], _ name: String, limit: Int = 1000) throws -> String {
        let value = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty, value.count <= limit else {
            throw APIError.validation("\(name) is required, at most \(limit) characters")
        }
        return value
    }

    /// The day of an instant, in `zone` (a request's jurisdiction's; Moscow for the operator's own records).
    static func day(_ date: Date, in zone: TimeZone = moscow) -> String { format(date, "yyyy-MM-dd", zone) }
    /// The minute of an instant, in `zone`.
    static func minute(_ date: Date, in zone: TimeZone = moscow) -> String { format(date, "yyyy-MM-dd HH:mm", zone) }

    static let moscow = TimeZone(identifier: "Europe/Moscow") ?? .gmt

    private static func format(_ date: Date, _ pattern: String, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
