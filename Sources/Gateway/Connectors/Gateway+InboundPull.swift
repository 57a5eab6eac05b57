public import Core
public import ConnectorKit
public import Foundation
import Audit
import Vault

extension Gateway {
    /// Asks a mailing service what happened since the last pull (the fallback when its webhooks cannot reach
    /// pdgate) and applies it exactly as ``applyInbound(_:connector:principal:)`` applies a webhook, so pulls and
    /// webhooks together still have one effect per event. Stores the service's mark for the next pull.
    ///
    /// - Parameters:
    ///   - source: The connector to ask.
    ///   - since: Ask from this time instead of the stored mark.
    ///   - principal: Who runs the pull (needs the `consent` action); the events themselves are recorded as
    ///     `inbound:<connector>`, like the webhook's.
    /// - Throws: ``GatewayError`` (`refused`, `notFound` for a connector not configured) or the connector's
    ///   ``ConnectorError``; nothing is applied when the service cannot be read.
    public func pullInbound(from source: any InboundPolling, since: Date? = nil, principal: Principal) async throws
        -> InboundPullReport
    {
        try await require(.consent, principal, auditAction: .inboundPull)
        let stored = try await vault.read { tx in try tx.inboundMark(connector: source.name) }
        let from = since ?? stored.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        let changes = try await source.changes(since: from)
        let inbound = try await applyInbound(changes.events, connector: source.name,
                                             principal: Principal(name: "inbound:\(source.name)", role: "connector"))
        let pulledAt = nowSeconds
        var mark = stored
        if let next = changes.highWaterMark {
            mark = max(stored ?? Int64.min, Int64(next.timeIntervalSince1970))
            try await vault.write { tx in
                try tx.setInboundMark(connector: source.name, mark: Int64(next.timeIntervalSince1970),
                                      pulledAt: pulledAt)
            }
        }
        return InboundPullReport(connector: source.name, since: from?.formatted(.iso8601),
                                 mark: mark.map { Date(timeIntervalSince1970: TimeInterval($0)).formatted(.iso8601) },
                                 inbound: inbound)
    }
}
