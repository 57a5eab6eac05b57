public import Core
public import Hummingbird
import Gateway
import NIOCore

/// The request context of the pdgate server: who is calling (set by authentication) and from where.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; nil until ``BearerAuthMiddleware`` or the console's session check sets it.
    public var principal: Principal?
    /// The console session, for console routes.
    var session: ConsoleSession?
    /// The peer's socket address (nil in router tests).
    private let peer: SocketAddress?

    /// The peer's IP address as the socket reports it (nil in router tests); formatted when asked for.
    public var peerAddress: String? { peer?.ipAddress }

    /// A context for one request on a channel; the peer address is read from the socket.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress
    }

    /// Bodies are collected (and limited) by ``BodyLimitMiddleware`` before any handler decodes them.
    public var maxUploadSize: Int { 1 << 20 }

    /// The authenticated caller, or a 401 when the route was reached without one.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError.unauthorized("authentication required") }
        return principal
    }
}
