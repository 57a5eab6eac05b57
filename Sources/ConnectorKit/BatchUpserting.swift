/// The optional batch capability of a ``Connector``: many people created or updated in one call, for services
/// whose documentation offers a bulk method with a larger allowance than their one-person method (UniSender's
/// `importContacts`: 500 rows a call under 1,200 calls a minute, against `subscribe`'s 300 a minute).
///
/// The ``OutboxDispatcher`` uses it whenever a connector conforms: it resolves each upsert as usual (coalescing,
/// send-time resolution, only the purpose's declared fields), sends the people ``canBatch(_:)`` accepts in calls of
/// at most ``maxBatchSize``, and the others one by one through ``Connector/upsert(_:)``. Each person's result settles
/// that person's event alone: a row the service refused is that person's dead letter, the other rows are delivered.
/// A thrown error says nothing about any row, and every event of the call follows the dispatcher's retry rules.
/// Suppression and erasure always go one person at a time.
public protocol BatchUpserting: Connector {
    /// The most people one ``upsertBatch(_:)`` call may carry, from the service's documentation.
    var maxBatchSize: Int { get }

    /// Whether `person` can be sent in a batch; the others go through ``Connector/upsert(_:)`` (for instance a
    /// person the service must invite to confirm, when the bulk method cannot send the invitation).
    func canBatch(_ person: ConnectorPerson) -> Bool

    /// Creates or updates `people` (at most ``maxBatchSize``, all accepted by ``canBatch(_:)``), idempotently.
    ///
    /// - Returns: One result per person, in order: the service's id for the person when it answers one, or the
    ///   error that concerns that person alone (messages carry no personal data).
    /// - Throws: ``ConnectorError`` when the call as a whole failed or its answer cannot be mapped to the rows.
    func upsertBatch(_ people: [ConnectorPerson]) async throws -> [Result<String?, ConnectorError>]
}
