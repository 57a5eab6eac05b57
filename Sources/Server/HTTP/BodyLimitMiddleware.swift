import Hummingbird

/// Collects request bodies up to a limit before any handler runs: larger ones are refused with 413, whether they
/// announce their length or stream it in chunks.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    /// The largest body accepted, in bytes.
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError.payloadTooLarge(limit: limit)
        }
        var request = request
        if request.method == .post || request.method == .patch || request.method == .put {
            do {
                _ = try await request.collectBody(upTo: limit)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                throw APIError.payloadTooLarge(limit: limit)
            }
        }
        return try await next(request, context)
    }
}
