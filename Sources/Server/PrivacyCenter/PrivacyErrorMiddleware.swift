import Gateway
import Hummingbird
import Policy

/// Renders the privacy center's failures as its own pages (never the console's), with the status and a message
/// that names no personal value.
struct PrivacyErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let renderer: PrivacyRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let frame = PrivacyRoutes.frame(request)
            let json = JSONErrorMiddleware.response(for: error, logger: context.logger)
            let message: String
            var extra: HTTPFields = [:]
            switch error {
            case let error as APIError where error.code == "csrf":
                message = PrivacyStrings.text("form_expired", frame.language)
            case let error as APIError where error.status == .tooManyRequests:
                message = PrivacyStrings.text("too_many", frame.language)
                extra[.retryAfter] = error.headers[.retryAfter]
            default:
                message = ConsoleErrorMiddleware.describe(error, language: frame.language).1
            }
            return renderer.message(PrivacyStrings.text("error_title", frame.language), [message], frame: frame,
                                    status: json.status, extraHeaders: extra)
        }
    }
}
