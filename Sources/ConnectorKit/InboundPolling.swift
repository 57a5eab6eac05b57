public import Foundation

/// A connector that can be asked what happened at the service: the fallback when its webhooks cannot reach pdgate
/// (`pdgate connectors pull`).
///
/// Polling and webhooks report the same events; the gateway applies them so that either path, or both, has one
/// effect.
public protocol InboundPolling: Sendable {
    /// The connector's name, as in the outbox.
    var name: String { get }

    /// Unsubscribes, complaints, bounces and confirmations the service reports since a time.
    ///
    /// - Parameter since: Only changes at or after this time, where the service can filter by time; `nil` for
    ///   everything it reports.
    /// - Returns: The events and the mark to pass as `since` next time.
    /// - Throws: ``ConnectorError``.
    func changes(since: Date?) async throws -> InboundChanges
}

/// What one poll of a service found.
public struct InboundChanges: Sendable, Equatable {
    /// The events, oldest first where the service says.
    public var events: [InboundEvent]
    /// The time to ask from next time: the latest change the service reported, or (for a service that cannot
    /// filter by time) when this poll started; `nil` to keep the previous mark.
    public var highWaterMark: Date?

    /// Creates a result.
    public init(events: [InboundEvent], highWaterMark: Date?) {
        self.events = events
        self.highWaterMark = highWaterMark
    }
}
