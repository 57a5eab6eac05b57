public import Core
import Audit
import ConnectorKit
import Foundation

extension Gateway {
    /// Queue counts per connector and the most recent dead letters, for the officer's console and the API.
    ///
    /// Needs the `admin` action; the read is audited with counts only.
    public func connectorStatus(limit: Int = 50, principal: Principal) async throws -> ConnectorStatus {
        try await require(.admin, principal, auditAction: .connectorsStatus)
        let now = clock()
        let stats = try await outbox.stats(now: now)
        let letters = try await outbox.deadLetters(connector: nil, limit: max(0, min(limit, 500)))
        try await record(AuditEntry(at: nowSeconds, by: principal,
                                    action: .connectorsStatus,
                                    detail: "pending=\(stats.total.pending) dead=\(stats.total.deadLettered)"))
        var routes: [String: [String]] = [:]
        for route in connectorRoutes { routes[route.name] = route.purposes }
        return ConnectorStatus(routes: routes, outbox: stats,
                               deadLetters: letters.map(ConnectorStatus.DeadLetterSummary.init))
    }

    /// Puts a dead letter back in the queue with its attempts reset, after the officer fixed its cause.
    ///
    /// - Returns: `false` when no dead letter has that id (it was requeued already, or never failed).
    public func requeueDeadLetter(_ eventID: String, principal: Principal) async throws -> Bool {
        try await require(.admin, principal, auditAction: .connectorsRequeue)
        guard eventID.range(of: #"^evt_[0-9a-f-]{36}$"#, options: .regularExpression) != nil else {
            throw GatewayError(.invalidArgument, "an outbox event id looks like evt_ followed by a lowercase UUID")
        }
        let requeued = try await outbox.requeueDeadLetter(eventID, now: clock())
        try await record(AuditEntry(at: nowSeconds, by: principal,
                                    action: .connectorsRequeue, outcome: requeued ? .ok : .failed,
                                    detail: "event=\(eventID)"))
        return requeued
    }
}
