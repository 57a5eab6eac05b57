internal import Foundation

/// What one delivery does with the connector's answer: the call itself, and what an error means next.
extension OutboxDispatcher {
    func perform(_ event: OutboxEvent, on connector: any Connector, gate: ConnectorGate) async throws
        -> OutboxResult {
        switch event.operation {
        case .upsert, .reconfirm:
            if event.operation == .upsert, let sent = await gate.lastUpsert(of: event.subject, purpose: event.purpose),
                event.createdAt.addingTimeInterval(Self.coalescingMargin) <= sent.resolvedAt {
                return .upserted(externalID: sent.externalID)   // covered by a later resolution of this person
            }
            let resolvedAt = clock.now
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
            guard let person else { return .skipped }
            let externalID = try await connector.upsert(person)
            if event.operation == .upsert {
                await gate.recordUpsert(of: event.subject, purpose: event.purpose, resolvedAt: resolvedAt,
                                        externalID: externalID)
            }
            return .upserted(externalID: externalID)
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

    func handle(_ error: ConnectorError, for event: OutboxEvent, gate: ConnectorGate) async throws -> Outcome {
        let owner = configuration.owner
        let retry = configuration.retry
        let now = clock.now
        switch error.code {
        case .rateLimited:
            let wait = retry.rateLimitWait(retryAfter: error.retryAfter, random: random())
            let until = now.addingTimeInterval(wait)
            // Only this event must wait; the window shrinks. Already at one request: the service wants all to wait.
            if await gate.recordOverload() { await gate.pause(until: until) }
            try await store.reschedule(event.id, owner: owner, attempts: event.attempts, nextAttemptAt: until,
                                       error: error, at: now)
            return .rateLimited
        case .transient, .invalidResponse, .unauthorized:
            let attempts = event.attempts + 1
            guard attempts < retry.maxAttempts else {
                try await store.deadLetter(event.id, owner: owner, attempts: attempts, error: error, at: now)
                return .deadLettered
            }
            var wait = retry.backoff(afterAttempt: attempts, random: random())
            if let retryAfter = error.retryAfter {
                wait = max(wait, retry.rateLimitWait(retryAfter: retryAfter, random: 0))
            }
            let until = now.addingTimeInterval(wait)
            if error.code == .unauthorized { await gate.pause(until: until) }
            if error.status == 503 { _ = await gate.recordOverload() }   // shedding load: fewer in flight
            try await store.reschedule(event.id, owner: owner, attempts: attempts, nextAttemptAt: until,
                                       error: error, at: now)
            return .retried
        case .permanent, .invalidConfiguration, .notFound:
            try await store.deadLetter(event.id, owner: owner, attempts: event.attempts + 1, error: error, at: now)
            return .deadLettered
        }
    }
}
