import Hummingbird
import Gateway

/// Lets console pages through only with a live session whose token still authenticates; otherwise redirects to
/// the login page (and forgets the session).
struct ConsoleAuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let gateway: Gateway
    let sessions: ConsoleSessions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let id = SiteCookies.console.value(SiteCookies.console.session, in: request),
            let session = try await sessions.session(id)
        else {
            return Response.redirect(to: "/console/login", type: .normal)
        }
        guard let principal = try await sessions.principal(of: session) else {
            try await sessions.close(id)
            return Response.redirect(to: "/console/login", type: .normal)
        }
        var context = context
        context.principal = principal
        context.session = session
        context.logger[metadataKey: "pdgate.principal"] = "\(principal.name)"
        return try await next(request, context)
    }
}
