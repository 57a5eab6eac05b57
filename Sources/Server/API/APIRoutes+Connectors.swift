import Foundation
import Hummingbird
import Gateway

extension APIRoutes {
    /// `POST /v1/connectors/dead-letters/{event}/requeue` answers with the event id.
    struct Requeued: Encodable {
        var event: String
        var requeued: Bool
    }

    /// `GET /v1/connectors/status[?limit=N]`: queue counts per connector and the latest dead letters.
    @Sendable func connectorStatus(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var limit = 50
        if let text = request.uri.queryParameters.get("limit") {
            guard let value = Int(text), (0...500).contains(value) else {
                throw APIError.validation("limit is a whole number from 0 to 500")
            }
            limit = value
        }
        return try JSONResponse.make(try await gateway.connectorStatus(limit: limit, principal: principal))
    }

    /// `POST /v1/connectors/dead-letters/{event}/requeue`: send a dead letter again, attempts reset.
    @Sendable func requeueDeadLetter(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let event = context.parameters.get("event") ?? ""
        guard try await gateway.requeueDeadLetter(event, principal: principal) else {
            throw APIError.notFound("no dead letter with that event id; it may have been requeued already")
        }
        return try JSONResponse.make(Requeued(event: event, requeued: true))
    }
}
