import Core
import Hummingbird
import Gateway
import Logging
import Policy

/// Renders console failures as HTML pages in the console's language, with the same codes and messages as the API
/// (gateway messages name fields and pseudonyms, never values).
struct ConsoleErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let renderer: ConsoleRenderer
    /// The page a principal's "Back" link leads to: one their role may open (never the page that just refused).
    let home: @Sendable (Principal?) -> String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let chrome = ConsoleRoutes.chrome(request, context)
            let json = JSONErrorMiddleware.response(for: error, logger: context.logger)
            let (code, message) = Self.describe(error, language: chrome.language)
            let back = home(context.principal)
            return renderer.page("error", title: ConsoleStrings.text("error_title", chrome.language), chrome: chrome,
                                 values: ["message": message, "code": code, "status": Int(json.status.code),
                                          "backURL": back,
                                          "backLabel": ConsoleStrings.text(back == "/console/requests" ? "back"
                                                                           : "back_search", chrome.language)],
                                 status: json.status)
        }
    }

    /// The code and the message shown for an error.
    static func describe(_ error: any Error, language: Language) -> (String, String) {
        switch error {
        case let error as APIError where error.code == "csrf":
            return (error.code, ConsoleStrings.text("csrf_failed", language))
        case let error as APIError:
            return (error.code, error.message)
        case let error as GatewayError:
            return (error.apiCode, error.apiMessage)
        case let error as any HTTPResponseError:
            return (JSONErrorMiddleware.code(for: error.status), JSONErrorMiddleware.message(for: error.status))
        default:
            return ("internal", "the server could not complete the request; see the server log")
        }
    }
}
