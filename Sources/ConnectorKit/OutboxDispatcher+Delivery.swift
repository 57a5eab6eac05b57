internal import Foundation

/// What one delivery does with the connector's answer: the call itself, and what an error means next.
extension OutboxDispatcher {
    func perform(_ event: OutboxEvent, on connector: any Connector, gate: ConnectorGate) async throws
        -> OutboxResult {
        switch event.operation {
        case .upsert, .reconfirm:
            let resolvedAt = clock.now
            switch try await prepareUpsert(event, gate: gate) {
            case .covered(let externalID): return .upserted(externalID: externalID)
            case .skipped: return .skipped
            case .person(let person):
                return try await sendUpsert(person, of: event, on: connector, gate: gate, resolvedAt: resolvedAt)
            }
        case .suppress:
            let payload = try OutboxPayload.decode(event.payload)
            do {
                try await connector.suppress(try await reference(payload.ref, of: event),
                                             reason: payload.reason ?? .withdrawal)
            } catch let error as ConnectorError where error.code == .notFound {
                // Nothing held there: nothing to stop.
            }
            return .suppressed
        case .erase:
            let payload = try OutboxPayload.decode(event.payload)
            let outcome: ErasureOutcome
            do {
                outcome = try await connector.erase(try await reference(payload.ref, of: event))
            } catch let error as ConnectorError where error.code == .notFound {
                outcome = .notFound
            }
            // Absent after an attempt whose answer never came: that attempt may have erased them: already done.
            return .erasure(outcome == .notFound && event.mayHaveBeenApplied ? .erased : outcome)
        }
    }

    /// `ref` with the service's id from the connector's last delivered upsert when the event carries none.
    private func reference(_ ref: PersonRef, of event: OutboxEvent) async throws -> PersonRef {
        guard ref.externalID == nil else { return ref }
        var ref = ref
        ref.externalID = try await resolver.externalID(for: event.subject, connector: event.connector)
        return ref
    }

    /// What an upsert event needs before a call: nothing (covered by a later send, or no valid basis), or the
    /// person resolved now.
    enum UpsertPreparation: Sendable {
        case covered(externalID: String?)
        case skipped
        case person(ConnectorPerson)
    }

    /// Coalescing and send-time resolution of an upsert or reconfirmation; a resolver failure is transient.
    func prepareUpsert(_ event: OutboxEvent, gate: ConnectorGate) async throws -> UpsertPreparation {
        if event.operation == .upsert, let sent = await gate.lastUpsert(of: event.subject, purpose: event.purpose),
            event.createdAt.addingTimeInterval(Self.coalescingMargin) <= sent.resolvedAt {
            return .covered(externalID: sent.externalID)   // covered by a later resolution of this person
        }
        let person: ConnectorPerson?
        do {
            person = event.operation == .reconfirm
                ? try await resolver.personToReconfirm(for: event.subject, purpose: event.purpose,
                                                       connector: event.connector)
                : try await resolver.person(for: event.subject, purpose: event.purpose, connector: event.connector)
        } catch let error as ConnectorError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ConnectorError(.transient,
                                 "person resolver failed for \(event.connector) \(event.operation.rawValue)")
        }
        return person.map { .person($0) } ?? .skipped
    }

    /// Sends one resolved person and remembers the accepted upsert for coalescing.
    func sendUpsert(_ person: ConnectorPerson, of event: OutboxEvent, on connector: any Connector,
                    gate: ConnectorGate, resolvedAt: Date) async throws -> OutboxResult {
        let externalID = try await connector.upsert(person)
        if event.operation == .upsert {
            await gate.recordUpsert(of: event.subject, purpose: event.purpose, resolvedAt: resolvedAt,
                                    externalID: externalID)
        }
        return .upserted(externalID: externalID)
    }

    /// Runs `body` for `event` and records what came of it: done, or what its error means next.
    func settle(_ event: OutboxEvent, gate: ConnectorGate, _ body: () async throws -> OutboxResult) async throws
        -> Outcome {
        do {
            let result = try await ConnectorContext.$idempotencyKey.withValue(event.idempotencyKey) {
                try await ConnectorContext.$eventID.withValue(event.id) { try await body() }
            }
            try await store.markDone(event.id, owner: configuration.owner, result: result, at: clock.now)
            await gate.recordSuccess()
            return result == .skipped ? .skipped : .delivered
        } catch let error as ConnectorError {
            return try await handle(error, for: event, gate: gate)
        } catch is CancellationError {
            return .abandoned
        } catch {
            if Task.isCancelled { return .abandoned }
            return try await handle(Self.unexpected(error, in: event), for: event, gate: gate)
        }
    }

    /// A non-``ConnectorError`` from a connector, as a transient error naming only its type.
    static func unexpected(_ error: any Error, in event: OutboxEvent) -> ConnectorError {
        ConnectorError(.transient, "\(event.connector) \(event.operation.rawValue) failed: "
            + "unexpected \(String(describing: type(of: error)))")
    }

    func handle(_ error: ConnectorError, for event: OutboxEvent, gate: ConnectorGate) async throws -> Outcome {
        try await handle(error, forAll: [event], gate: gate)[0]
    }

    /// What `error` means for each of `events`, all answered by one call: the connector's window and pause change
    /// once, and the events retried wait alike (one jitter), so a failed batch comes back as one batch.
    func handle(_ error: ConnectorError, forAll events: [OutboxEvent], gate: ConnectorGate) async throws
        -> [Outcome] {
        let owner = configuration.owner
        let retry = configuration.retry
        let now = clock.now
        let jitter = random()
        var outcomes: [Outcome] = []
        switch error.code {
        case .rateLimited:
            let until = now.addingTimeInterval(retry.rateLimitWait(retryAfter: error.retryAfter, random: jitter))
            // Only these events must wait; the window shrinks. Already at one request: the service wants all to wait.
            if await gate.recordOverload() { await gate.pause(until: until) }
            for event in events {
                try await store.reschedule(event.id, owner: owner, attempts: event.attempts, nextAttemptAt: until,
                                           error: error, at: now)
                outcomes.append(.rateLimited)
            }
        case .transient, .invalidResponse, .unauthorized:
            var overloadRecorded = false
            for event in events {
                let attempts = event.attempts + 1
                guard attempts < retry.maxAttempts else {
                    try await store.deadLetter(event.id, owner: owner, attempts: attempts, error: error, at: now)
                    outcomes.append(.deadLettered)
                    continue
                }
                var wait = retry.backoff(afterAttempt: attempts, random: jitter)
                if let retryAfter = error.retryAfter {
                    wait = max(wait, retry.rateLimitWait(retryAfter: retryAfter, random: 0))
                }
                let until = now.addingTimeInterval(wait)
                if error.code == .unauthorized { await gate.pause(until: until) }
                if error.status == 503, !overloadRecorded {   // shedding load: fewer in flight
                    overloadRecorded = true
                    _ = await gate.recordOverload()
                }
                try await store.reschedule(event.id, owner: owner, attempts: attempts, nextAttemptAt: until,
                                           error: error, at: now)
                outcomes.append(.retried)
            }
        case .permanent, .invalidConfiguration, .notFound:
            for event in events {
                try await store.deadLetter(event.id, owner: owner, attempts: event.attempts + 1, error: error, at: now)
                outcomes.append(.deadLettered)
            }
        }
        return outcomes
    }
}
