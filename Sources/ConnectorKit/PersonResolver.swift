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

    /// The service's own id for the person, as the connector's last delivered upsert returned it: suppressions and
    /// erasures queued without one get it, so a service that cannot be searched by e-mail or phone (an accounting
    /// system that receives neither) still finds the record.
    func externalID(for subject: String, connector: String) async throws -> String?
}

extension PersonResolver {
    /// Resolvers that know nothing of re-permission send nobody.
    public func personToReconfirm(for subject: String, purpose: String, connector: String) async throws
        -> ConnectorPerson?
    {
        nil
    }

    /// Resolvers that keep no ids give none.
    public func externalID(for subject: String, connector: String) async throws -> String? { nil }
}
