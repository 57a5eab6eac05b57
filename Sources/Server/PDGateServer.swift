import Foundation
public import Hummingbird
public import Gateway
public import Logging
public import ConnectorKit
public import ServiceLifecycle

/// The pdgate HTTP server: the `/v1` API, the privacy officer's console under `/console`, the people's privacy center
/// under `/privacy`, and `/healthz`, `/metrics` and `/openapi.json`.
///
/// Build one per process around an open ``Gateway``; ``makeApplication()`` gives a Hummingbird application to run
/// (or to test with `HummingbirdTesting`). Logs carry route patterns, statuses and durations only.
public final class PDGateServer {
    public let gateway: Gateway
    public let configuration: ServerConfiguration
    let logger: Logger
    let metrics = ServerMetrics()
    let authenticator: Authenticator
    let sessions: ConsoleSessions
    /// The router, built once in `init`.
    public let router: Router<APIRequestContext>
    private let table = RouteTable()
    /// The privacy center's e-mails in flight.
    private var privacyMail: PrivacyMailOutbox?

    /// - Parameters:
    ///   - gateway: An open gateway (recovery already run).
    ///   - configuration: Address, limits and cookie settings.
    ///   - logger: Receives request lines (route, status, duration) and failures by code.
    /// - Throws: When a console template does not parse (a programming error the tests catch).
    public init(gateway: Gateway, configuration: ServerConfiguration = ServerConfiguration(),
                logger: Logger = Logger(label: "pdgate.server")) throws {
        self.gateway = gateway
        self.configuration = configuration
        self.logger = logger
        let limiter = AuthFailureLimiter(gateway: gateway, scope: "auth", limit: configuration.authFailureLimit,
                                         window: configuration.authFailureWindow, clock: configuration.clock)
        let resolver = ClientAddressResolver(trustForwardedFor: configuration.trustForwardedFor)
        authenticator = Authenticator(gateway: gateway, limiter: limiter, resolver: resolver, metrics: metrics)
        sessions = ConsoleSessions(gateway: gateway, lifetime: configuration.sessionLifetime, clock: configuration.clock)
        router = Router(context: APIRequestContext.self)
        try buildRoutes()
    }

    /// Waits until the privacy center's e-mails queued so far have been handed to the mail server or have failed.
    public func drainPrivacyMail() async {
        await privacyMail?.drain()
    }

    /// Every registered route as `METHOD /path/{param}`.
    public var routes: [String] { table.routes.map(\.description) }

    /// A Hummingbird application serving this router at the configured address.
    public func makeApplication(services: [any Service] = []) -> Application<RouterResponder<APIRequestContext>> {
        Application(router: router,
                    configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                         serverName: "pdgate"),
                    services: services,
                    logger: logger)
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight and returns.
    ///
    /// - Parameter dispatcher: Delivers the outbox to the configured connectors for as long as the server runs;
    ///   on shutdown it stops, and events it had leased return to the queue when their lease ends.
    /// - Parameter purge: Runs the retention purge every night at its time.
    public func run(dispatcher: OutboxDispatcher? = nil, purge: PurgeScheduler? = nil) async throws {
        var services: [any Service] = [CheckpointService(vault: gateway.vault),
                                       AuditIndexService(vault: gateway.vault, logger: logger)]
        if let dispatcher {
            services.append(OutboxDispatcherService(dispatcher: dispatcher))
            // The console's connector test calls the same connectors the dispatcher delivers to.
            gateway.useConnectorsForChecks(dispatcher.connectorList)
        }
        if let purge { services.append(PurgeSchedulerService(scheduler: purge, gateway: gateway, logger: logger)) }
        try await makeApplication(services: services).runService()
    }

    private func buildRoutes() throws {
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        router.add(middleware: JSONErrorMiddleware())
        let known = MethodNotAllowedMiddleware.Routes()
        router.add(middleware: MethodNotAllowedMiddleware(routes: known))
        router.add(middleware: BodyLimitMiddleware(limit: configuration.maxBodyBytes))
        let gateway = self.gateway
        let metrics = self.metrics
        // Liveness: the process answers, nothing else is touched (a load balancer's probe, and the server's own
        // ceiling in benchmarks). Readiness, with a read of the vault, is /healthz.
        let alive = ByteBuffer(string: #"{"status":"ok"}"#)
        table.add(.get, "/livez", on: router) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: alive))
        }
        table.add(.get, "/healthz", on: router) { _, _ in
            do {
                _ = try await gateway.operationalCounts()
                return try JSONResponse.make(["status": "ok"])
            } catch {
                return try JSONResponse.make(["status": "unavailable"], status: .serviceUnavailable)
            }
        }
        table.add(.get, "/metrics", on: router) { _, _ in
            let counts = try? await gateway.operationalCounts()
            let headers: HTTPFields = [.contentType: ServerMetrics.contentType, .cacheControl: "no-store"]
            return Response(status: .ok, headers: headers,
                            body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition(counts: counts))))
        }
        let openAPI = OpenAPIDocument.json(policies: gateway.policies)
        table.add(.get, "/openapi.json", on: router) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
        InboundRoutes(gateway: gateway, endpoints: configuration.inbound).register(on: router, table: table)
        if let inbox = configuration.devInbox { try DevInboxRoutes(inbox: inbox).register(on: router, table: table) }
        let api = router.group("v1").add(middleware: BearerAuthMiddleware(authenticator: authenticator))
        APIRoutes(gateway: gateway, clock: configuration.clock).register(on: api, table: table)
        try ConsoleRoutes(gateway: gateway, authenticator: authenticator, sessions: sessions,
                      secureCookies: configuration.secureCookies,
                      publicURL: configuration.privacyCenter.publicBaseURL, clock: configuration.clock)
            .register(on: router, table: table)
        let privacy = try PrivacyRoutes(gateway: gateway, server: configuration, logger: logger)
        privacyMail = privacy.outbox
        privacy.register(on: router, table: table)
        known.load(table.routes)
    }
}
