public import Hummingbird
public import Gateway

/// The request context of the pdgate server: who is calling (set by authentication) and from where.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; nil until ``BearerAuthMiddleware`` or the console's session check sets it.
    public var principal: Principal?
    /// The console session, for console routes.
    var session: ConsoleSession?
    /// The peer's IP address as the socket reports it (nil in router tests).
    public let peerAddress: String?

    /// A context for one request on a channel; the peer address is read from the socket.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies are collected (and limited) by ``BodyLimitMiddleware`` before any handler decodes them.
    public var maxUploadSize: Int { 1 << 20 }

    /// The authenticated caller, or a 401 when the route was reached without one.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError.unauthorized("authentication required") }
        return principal
    }
}
