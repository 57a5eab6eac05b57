import Foundation
import Hummingbird

/// Tells which client a request comes from, for rate limiting.
///
/// Behind a reverse proxy every request arrives from the proxy, so with `trustForwardedFor` the last address the
/// proxy appended to `X-Forwarded-For` is used instead (only enable it when a proxy you run sets that header).
struct ClientAddressResolver: Sendable {
    let trustForwardedFor: Bool
    func client(of request: Request, context: APIRequestContext) -> String {
        if trustForwardedFor, let header = request.headers[.init("X-Forwarded-For")!],
            let last = header.split(separator: ",").last?.trimmingCharacters(in: CharacterSet.whitespaces),
            !last.isEmpty {
            return last
        }
        return context.peerAddress ?? "unknown"
    }
}
