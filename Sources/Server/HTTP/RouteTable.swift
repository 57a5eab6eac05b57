import Hummingbird

/// Every route the server registers, as method and path pattern, so tests can hold them against the OpenAPI
/// document. Filled while the router is built, read afterwards.
final class RouteTable {
    /// One registered route.
    struct Route: Hashable, Sendable, CustomStringConvertible {
        var method: String
        /// The pattern with `{name}` captures: `/v1/subjects/{id}`.
        var path: String

        var description: String { "\(method) \(path)" }
    }

    private(set) var routes: [Route] = []

    /// Registers `handler` on `group` for `method` and `prefix + path`, and records the route.
    func add(
        _ method: HTTPRequest.Method, _ path: String, prefix: String, on group: RouterGroup<APIRequestContext>,
        use handler: @escaping @Sendable (Request, APIRequestContext) async throws -> Response
    ) {
        group.on(RouterPath(path), method: method, use: handler)
        routes.append(Route(method: method.rawValue, path: prefix + (path.isEmpty ? "" : "/" + path)))
    }

    /// Registers a route directly on the router.
    func add(
        _ method: HTTPRequest.Method, _ path: String, on router: Router<APIRequestContext>,
        use handler: @escaping @Sendable (Request, APIRequestContext) async throws -> Response
    ) {
        router.on(RouterPath(path), method: method, use: handler)
        routes.append(Route(method: method.rawValue, path: path))
    }
}
