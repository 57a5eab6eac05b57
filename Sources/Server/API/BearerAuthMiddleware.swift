import Foundation
import Hummingbird
import Gateway

/// Authenticates `/v1` calls by their bearer token and puts the token's principal in the context.
///
/// No header: 401. A token that does not authenticate: 401, counted against the client's address; an address with
/// too many recent failures gets 429 with `Retry-After` for its invalid tokens, while a valid token always gets in
/// (see ``Authenticator``). The token never reaches a log.
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
        let principal = try await authenticator.authenticate(token: Self.bearerToken(in: header), client: client,
                                                             logger: context.logger)
        var context = context
        context.principal = principal
        context.logger[metadataKey: "pdgate.principal"] = "\(principal.name)"
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer <token>` header (the scheme in any case, blanks around the token
    /// ignored), or an empty string for any other header.
    static func bearerToken(in header: String) -> String {
        let scheme = "bearer "
        guard header.utf8.count > scheme.utf8.count,
            header.utf8.prefix(scheme.utf8.count).elementsEqual(scheme.utf8, by: { $0 | 0x20 == $1 })
        else { return "" }
        let token = header.utf8.dropFirst(scheme.utf8.count).drop { $0 == 0x20 || $0 == 0x09 }
        let end = token.lastIndex { $0 != 0x20 && $0 != 0x09 }
        guard let end else { return "" }
        return String(Substring(token[...end]))
    }
}
