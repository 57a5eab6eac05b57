import Foundation
import Hummingbird
import Gateway

/// Authenticates `/v1` calls by their bearer token and puts the token's principal in the context.
///
/// No header: 401. A token that does not authenticate: 401, counted against the client's address; an address with
/// too many recent failures gets 429 with `Retry-After` before its token is even looked at. The token never reaches
/// a log.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("send Authorization: Bearer <token> (create one with `pdgate token create`)")
        }
        let client = authenticator.resolver.client(of: request, context: context)
        try authenticator.checkNotBlocked(client)
        let parts = header.split(separator: " ", maxSplits: 1)
        let token = parts.count == 2 && parts[0].lowercased() == "bearer"
            ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        let principal = try await authenticator.authenticate(token: token, client: client, logger: context.logger)
        var context = context
        context.principal = principal
        context.logger[metadataKey: "pdgate.principal"] = "\(principal.name)"
        return try await next(request, context)
    }
}
