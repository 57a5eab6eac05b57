import Hummingbird
import Synchronization

/// Answers 405 with an `Allow` header when a request's path is one of the server's routes but its method is not one
/// of that route's (TRACE, PUT, an unknown token...), where the router alone would say 404 as if the path did not
/// exist. Paths no route has stay 404.
///
/// Sits inside ``JSONErrorMiddleware``, so the answer has the API's JSON error shape on every path.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    /// The server's routes, filled once the router is built.
    let routes: Routes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = routes.methods(for: request.uri.path), !allowed.contains(request.method.rawValue)
            else { throw error }
            let list = allowed.sorted().joined(separator: ", ")
            throw APIError(code: "method_not_allowed", status: .methodNotAllowed,
                           message: "this path answers \(list) only", headers: [.allow: list])
        }
    }

    /// The methods of each route pattern, matched against request paths the way the router does: segment by
    /// segment, a literal segment before a `{parameter}`.
    final class Routes: Sendable {
        private let patterns = Mutex<[[String]: Set<String>]>([:])

        /// Records the routes the server registered.
        func load(_ routes: [RouteTable.Route]) {
            patterns.withLock { table in
                for route in routes { table[Self.segments(route.path), default: []].insert(route.method) }
            }
        }

        /// The methods of the route whose pattern the router would pick for `path`, or nil when none matches.
        func methods(for path: String) -> Set<String>? {
            let parts = Self.segments(path)
            return patterns.withLock { table in
                var best: (pattern: [String], methods: Set<String>)?
                for (pattern, methods) in table where Self.matches(pattern, parts) {
                    if let current = best, !Self.isMoreLiteral(pattern, than: current.pattern) { continue }
                    best = (pattern, methods)
                }
                return best?.methods
            }
        }

        static func segments(_ path: String) -> [String] {
            path.split(separator: "/").map(String.init)
        }

        static func isParameter(_ segment: String) -> Bool { segment.hasPrefix("{") && segment.hasSuffix("}") }

        static func matches(_ pattern: [String], _ parts: [String]) -> Bool {
            pattern.count == parts.count && zip(pattern, parts).allSatisfy { isParameter($0) || $0 == $1 }
        }

        /// Whether `pattern` has a literal segment where `other` first has a parameter.
        static func isMoreLiteral(_ pattern: [String], than other: [String]) -> Bool {
            for (mine, theirs) in zip(pattern, other) where isParameter(mine) != isParameter(theirs) {
                return !isParameter(mine)
            }
            return false
        }
    }
}
