import Foundation
import Hummingbird
import Logging

/// Logs every request with its route pattern, method, status and duration, and counts it for `/metrics`.
///
/// Never the URI (a query may hold an e-mail), headers (the token) or bodies: the route is the registered pattern,
/// such as `/v1/subjects/{id}`.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = ContinuousClock.now
        let status: HTTPResponse.Status
        let response: Response
        do {
            response = try await next(request, context)
            status = response.status
        } catch {
            record(request, context: context, status: (error as? any HTTPResponseError)?.status ?? .internalServerError,
                   started: started)
            throw error
        }
        record(request, context: context, status: status, started: started)
        return response
    }

    private func record(_ request: Request, context: Context, status: HTTPResponse.Status,
                        started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = context.endpointPath ?? "NotFound"
        metrics.record(route: route, method: request.method.rawValue, status: Int(status.code), duration: elapsed)
        context.logger.info("Request", metadata: [
            "hb.request.method": "\(request.method.rawValue)",
            "hb.request.route": "\(route)",
            "hb.response.status": "\(status.code)",
            "pdgate.duration_ms": "\(Self.milliseconds(seconds))",
        ])
    }

    /// `seconds` in milliseconds with two decimals (`0.42`, `12.05`), without the cost of `String(format:)` on
    /// every request.
    static func milliseconds(_ seconds: Double) -> String {
        let hundredths = Int((max(seconds, 0) * 100_000).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
