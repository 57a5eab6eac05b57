/// A service pdgate keeps in step with the vault: a mailing, accounting or telephony system, or a webhook.
///
/// Every method is idempotent: the outbox may deliver the same event more than once (after a dropped
/// connection or a restart), and a second call must have no further effect. Methods throw ``ConnectorError``;
/// the dispatcher retries ``ConnectorError/Code/transient`` and ``ConnectorError/Code/rateLimited`` and
/// dead-letters the rest. Suppression and erasure of a person the service does not hold succeed.
///
/// A connector whose service has a bulk method also conforms to ``BatchUpserting``, and the dispatcher then sends
/// upserts in batches.
public protocol Connector: Sendable {
    /// The connector's name in the configuration and the outbox (`mailchimp`, `onec`, ...).
    var name: String { get }

    /// The most requests the service's documentation allows in flight at once (Mailchimp: 10 per API key), or
    /// `nil` when it documents none. The dispatcher never exceeds it, whatever its configuration says.
    var maxConcurrentRequests: Int? { get }

    /// Creates or updates the person at the service.
    ///
    /// - Returns: The service's id for the person, when it has one.
    func upsert(_ person: ConnectorPerson) async throws -> String?

    /// Stops all processing of the person at the service (withdrawal, objection or restriction).
    func suppress(_ ref: PersonRef, reason: SuppressionReason) async throws

    /// Erases the person at the service, as far as its API allows.
    ///
    /// - Returns: ``ErasureOutcome/cannotErase(reason:)`` says what stays and why.
    func erase(_ ref: PersonRef) async throws -> ErasureOutcome

    /// Reads what the service holds about the person, for an access request; `nil` when it holds nothing.
    func read(_ ref: PersonRef) async throws -> ConnectorHolding?
}

extension Connector {
    /// Services that document no limit on simultaneous requests.
    public var maxConcurrentRequests: Int? { nil }
}
