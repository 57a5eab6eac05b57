import ConnectorKit
import Foundation
import Synchronization

/// A scripted in-memory connector: records calls, tracks concurrency, fails on demand.
final class FakeConnector: Connector {
    enum Call: Equatable {
        case upsert(String)
        case suppress(String, SuppressionReason)
        case erase(String)
    }

    let name: String
    private let state = Mutex<(calls: [Call], inFlight: Int, peak: Int, failures: [String: [ConnectorError]])>(
        ([], 0, 0, [:]))
    private let delay: Duration

    init(name: String = "fake", delay: Duration = .zero) {
        self.name = name
        self.delay = delay
    }

    var calls: [Call] { state.withLock { $0.calls } }
    var peakConcurrency: Int { state.withLock { $0.peak } }

    /// Makes the next calls for `subject` fail with these errors, in order.
    func fail(_ subject: String, with errors: [ConnectorError]) {
        state.withLock { $0.failures[subject, default: []] += errors }
    }

    private func enter(_ subject: String, _ call: Call) async throws {
        let failure: ConnectorError? = state.withLock {
            $0.inFlight += 1
            $0.peak = max($0.peak, $0.inFlight)
            if var queue = $0.failures[subject], !queue.isEmpty {
                let error = queue.removeFirst()
                $0.failures[subject] = queue
                return error
            }
            $0.calls.append(call)
            return nil
        }
        if delay > .zero { try? await Task.sleep(for: delay) }
        state.withLock { $0.inFlight -= 1 }
        if let failure { throw failure }
    }

    func upsert(_ person: ConnectorPerson) async throws -> String? {
        try await enter(person.subject, .upsert(person.subject))
        return "ext_" + person.subject
    }

    func suppress(_ ref: PersonRef, reason: SuppressionReason) async throws {
        try await enter(ref.subject, .suppress(ref.subject, reason))
    }

    func erase(_ ref: PersonRef) async throws -> ErasureOutcome {
        try await enter(ref.subject, .erase(ref.subject))
        return .erased
    }

    func read(_ ref: PersonRef) async throws -> ConnectorHolding? { nil }
}

/// A resolver over a fixed table; subjects missing from it have no valid basis.
struct TableResolver: PersonResolver {
    let people: [String: ConnectorPerson]

    func person(for subject: String, purpose: String, connector: String) async throws -> ConnectorPerson? {
        people[subject]
    }
}

enum Events {
    static func upsert(_ index: Int, connector: String = "fake", subject: String? = nil, at date: Date) -> OutboxEvent {
        OutboxEvent(id: "evt_u\(index)", connector: connector, operation: .upsert, subject: subject ?? "sub_\(index)",
                    purpose: "marketing_email", nextAttemptAt: date)
    }

    static func erase(_ index: Int, connector: String = "fake", ref: PersonRef, at date: Date) -> OutboxEvent {
        OutboxEvent(id: "evt_e\(index)", connector: connector, operation: .erase, subject: ref.subject,
                    purpose: "marketing_email", nextAttemptAt: date, payload: OutboxPayload(ref: ref).encoded())
    }
}
