import Core
import ConnectorKit
import Foundation
import Gateway
import Hummingbird
import Keyring

/// `/inbound/{connector}/{secret}`: what mailing services send back (unsubscribes, complaints, bounces,
/// confirmations of double opt-in), read by each connector's own ``InboundWebhookReader``.
///
/// Outside `/v1` because the services cannot send a bearer token: the secret in the path authenticates them (and
/// whatever the connector's reader checks in the body), and a wrong one is 401 with nothing changed. The events act as
/// the principal `inbound:<connector>` with the `connector` role. Logs carry the route pattern only, so the secret
/// never reaches them.
struct InboundRoutes: Sendable {
    let gateway: Gateway
    let endpoints: [InboundEndpoint]

    func register(on router: Router<APIRequestContext>, table: RouteTable) {
        // Mailchimp checks the URL with a GET when the webhook is created; it must answer 200.
        table.add(.get, "/inbound/{connector}/{secret}", on: router) { request, context in
            _ = try endpoint(context)
            return try JSONResponse.make(["status": "ok"])
        }
        table.add(.post, "/inbound/{connector}/{secret}", on: router) { request, context in
            let endpoint = try endpoint(context)
            guard let contentType = request.headers[.contentType],
                RequestBodyDecoder.mediaType(contentType) == endpoint.reader.mediaType
            else { throw APIError.unsupportedMediaType(endpoint.reader.mediaType) }
            let body = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            let events: [InboundEvent]
            do throws(InboundWebhookError) {
                events = try endpoint.reader.events(fromBody: body)
            } catch {
                throw APIError(code: "unauthorized", status: .unauthorized, message: error.description)
            }
            let principal = Principal(name: "inbound:\(endpoint.connector)", role: "connector")
            let report = try await gateway.applyInbound(events, connector: endpoint.connector, principal: principal)
            return try JSONResponse.make(report)
        }
    }

    /// The endpoint named in the path, if its secret matches; 401 otherwise (the same for an unknown connector).
    private func endpoint(_ context: APIRequestContext) throws -> InboundEndpoint {
        let name = context.parameters.get("connector") ?? ""
        let secret = Array((context.parameters.get("secret") ?? "").utf8)
        guard let endpoint = endpoints.first(where: { $0.connector == name }),
            secret.count == endpoint.secret.utf8.count,
            Sodium.constantTimeEqual(secret, Array(endpoint.secret.utf8))
        else {
            throw APIError(code: "unauthorized", status: .unauthorized, message: "unknown inbound endpoint or secret")
        }
        return endpoint
    }
}
