internal import Foundation

/// Upserts sent in batches to a connector that offers it (``BatchUpserting``).
///
/// Each upsert is coalesced and resolved exactly as when sent alone (``prepareUpsert(_:gate:)``); the people the
/// connector can batch go in one call per chunk, the others one by one through
/// ``sendUpsert(_:of:on:gate:resolvedAt:)``.
/// Each row's result settles its own event; an error of the whole call goes through
/// ``handle(_:forAll:gate:)``, so the connector's window changes once and the events come back together.
extension OutboxDispatcher {
    /// The jobs of a claimed batch: its upserts in chunks of at most ``BatchUpserting/maxBatchSize``, every other
    /// event (reconfirmation, suppression, erasure) alone.
    func batchJobs(for events: [OutboxEvent], batcher: any BatchUpserting, gate: ConnectorGate) -> [Job] {
        let upserts = events.filter { $0.operation == .upsert }
        let size = max(1, batcher.maxBatchSize)
        var jobs = stride(from: 0, to: upserts.count, by: size).map { start in
            let chunk = Array(upserts[start..<min(start + size, upserts.count)])
            return Job(events: chunk) { try await self.deliverBatch(chunk, via: batcher, gate: gate) }
        }
        jobs += events.filter { $0.operation != .upsert }.map { event in
            Job(events: [event]) { [try await self.deliver(event)] }
        }
        return jobs
    }

    /// Delivers one chunk of upsert events: at most one batch call, plus the people that cannot be batched.
    func deliverBatch(_ events: [OutboxEvent], via connector: any BatchUpserting, gate: ConnectorGate) async throws
        -> [Outcome] {
        if let pausedUntil = await gate.pausedUntil, pausedUntil > clock.now {
            try await clock.sleep(until: pausedUntil)
        }
        let resolvedAt = clock.now
        var outcomes: [Outcome] = []
        var rows: [(event: OutboxEvent, person: ConnectorPerson)] = []
        for event in events {
            let preparation: UpsertPreparation
            do {
                preparation = try await prepareUpsert(event, gate: gate)
            } catch let error as ConnectorError {
                outcomes.append(try await handle(error, for: event, gate: gate))
                continue
            } catch is CancellationError {
                return outcomes + Array(repeating: .abandoned, count: events.count - outcomes.count)
            }
            switch preparation {
            case .covered(let externalID):
                try await store.markDone(event.id, owner: configuration.owner,
                                         result: .upserted(externalID: externalID), at: clock.now)
                outcomes.append(.delivered)
            case .skipped:
                try await store.markDone(event.id, owner: configuration.owner, result: .skipped, at: clock.now)
                outcomes.append(.skipped)
            case .person(let person) where connector.canBatch(person):
                rows.append((event, person))
            case .person(let person):
                outcomes.append(try await settle(event, gate: gate) {
                    try await sendUpsert(person, of: event, on: connector, gate: gate, resolvedAt: resolvedAt)
                })
            }
        }
        guard !rows.isEmpty else { return outcomes }
        return outcomes + (try await sendBatch(rows, via: connector, gate: gate, resolvedAt: resolvedAt))
    }

    /// One batch call and what each row's result means for its event.
    private func sendBatch(_ rows: [(event: OutboxEvent, person: ConnectorPerson)], via connector: any BatchUpserting,
                           gate: ConnectorGate, resolvedAt: Date) async throws -> [Outcome] {
        let events = rows.map(\.event)
        let results: [Result<String?, ConnectorError>]
        do {
            results = try await connector.upsertBatch(rows.map(\.person))
            guard results.count == rows.count else {
                throw ConnectorError(.invalidResponse,
                                     "\(connector.name) upsert: \(results.count) results for \(rows.count) rows")
            }
        } catch let error as ConnectorError {
            return try await handle(error, forAll: events, gate: gate)
        } catch is CancellationError {
            return events.map { _ in .abandoned }
        } catch {
            if Task.isCancelled { return events.map { _ in .abandoned } }
            return try await handle(Self.unexpected(error, in: events[0]), forAll: events, gate: gate)
        }
        await gate.recordSuccess()
        var outcomes: [Outcome] = []
        for (row, result) in zip(rows, results) {
            switch result {
            case .success(let externalID):
                await gate.recordUpsert(of: row.event.subject, purpose: row.event.purpose, resolvedAt: resolvedAt,
                                        externalID: externalID)
                try await store.markDone(row.event.id, owner: configuration.owner,
                                         result: .upserted(externalID: externalID), at: clock.now)
                outcomes.append(.delivered)
            case .failure(let error):
                outcomes.append(try await handle(error, for: row.event, gate: gate))
            }
        }
        return outcomes
    }
}
