/// Produces, at send time, what a connector may receive about a person.
///
/// Implemented by the gateway over the vault and the policies. The dispatcher calls it for every upsert, so
/// a person whose basis lapsed or who was erased or restricted after the event was queued is never sent.
public protocol PersonResolver: Sendable {
    /// The person as the connector may see them for the purpose.
    ///
    /// - Returns: `nil` when there is no valid basis any more (withdrawn, restricted, erased): skip the send.
    func person(for subject: String, purpose: String, connector: String) async throws -> ConnectorPerson?

    /// The person as the connector may see them when asking them to confirm legacy consent (re-permission).
    ///
    /// - Returns: `nil` when there is nothing to confirm any more (consent withdrawn, already proven, the
    ///   person erased or restricted): skip the send.
    func personToReconfirm(for subject: String, purpose: String, connector: String) async throws -> ConnectorPerson?
}

extension PersonResolver {
    /// Resolvers that know nothing of re-permission send nobody.
    public func personToReconfirm(for subject: String, purpose: String, connector: String) async throws
        -> ConnectorPerson?
    {
        nil
    }
}
