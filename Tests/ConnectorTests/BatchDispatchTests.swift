import ConnectorKit
import Foundation
import PDGateTesting
import Synchronization
import Testing

/// A scripted batching connector: records batches and single sends, refuses chosen people, fails whole calls.
final class FakeBatchConnector: BatchUpserting {
    let name = "batch"
    let maxBatchSize: Int
    private let state = Mutex<(batches: [[String]], singles: [String], failures: [ConnectorError])>(([], [], []))
    private let refused: Set<String>

    init(maxBatchSize: Int, refused: Set<String> = []) {
        self.maxBatchSize = maxBatchSize
        self.refused = refused
    }

    var batches: [[String]] { state.withLock { $0.batches } }
    var singles: [String] { state.withLock { $0.singles } }

    /// Makes the next whole calls fail with these errors, in order.
    func failCalls(with errors: [ConnectorError]) { state.withLock { $0.failures += errors } }

    func canBatch(_ person: ConnectorPerson) -> Bool { !person.doubleOptIn }

    func upsertBatch(_ people: [ConnectorPerson]) async throws -> [Result<String?, ConnectorError>] {
        #expect(people.count <= maxBatchSize && people.allSatisfy(canBatch))
        let failure: ConnectorError? = state.withLock {
            if !$0.failures.isEmpty { return $0.failures.removeFirst() }
            $0.batches.append(people.map(\.subject))
            return nil
        }
        if let failure { throw failure }
        return people.map {
            refused.contains($0.subject) ? .failure(ConnectorError(.permanent, "refused row", apiErrorType: "invalid_arg"))
                : .success(nil)
        }
    }

    func upsert(_ person: ConnectorPerson) async throws -> String? {
        state.withLock { $0.singles.append(person.subject) }
        return "one_" + person.subject
    }

    func suppress(_ ref: PersonRef, reason: SuppressionReason) async throws {}
    func erase(_ ref: PersonRef) async throws -> ErasureOutcome { .erased }
    func read(_ ref: PersonRef) async throws -> ConnectorHolding? { nil }
}

@Suite("Dispatcher with a batching connector", .timeLimit(.minutes(1)))
struct BatchDispatchTests {
    static func dispatcher(_ store: InMemoryOutboxStore, _ connector: FakeBatchConnector,
                           people: [String: ConnectorPerson], clock: VirtualDispatchClock) -> OutboxDispatcher {
        OutboxDispatcher(store: store, connectors: [connector], resolver: TableResolver(people: people), clock: clock,
                         configuration: .init(retry: RetryPolicy(maxAttempts: 5, baseDelay: 1, maxDelay: 60)),
                         random: { 0.5 })
    }

    static func people(_ count: Int) -> [String: ConnectorPerson] {
        Dictionary(uniqueKeysWithValues: (0..<count).map { ("sub_\($0)", OutboxDispatcherTests.person("sub_\($0)")) })
    }

    @Test("Chunks of at most maxBatchSize; a person the connector cannot batch goes alone; a refused row dead-letters")
    func chunksAndSingles() async throws {
        let clock = VirtualDispatchClock()
        let store = InMemoryOutboxStore()
        let connector = FakeBatchConnector(maxBatchSize: 3, refused: ["sub_4"])
        var people = Self.people(7)
        people["sub_2"]?.doubleOptIn = true
        _ = await store.enqueue((0..<7).map { Events.upsert($0, connector: "batch", at: clock.now) })
        let report = try await Self.dispatcher(store, connector, people: people, clock: clock).drain()
        #expect(report.delivered == 6 && report.deadLettered == 1)
        #expect(connector.batches.allSatisfy { $0.count <= 3 })
        #expect(connector.batches.flatMap { $0 }.sorted() == ["sub_0", "sub_1", "sub_3", "sub_4", "sub_5", "sub_6"])
        #expect(connector.singles == ["sub_2"])
        #expect(await store.result(of: "evt_u2") == .upserted(externalID: "one_sub_2"))
        #expect(await store.deadLetters(connector: nil, limit: 5).map(\.event.subject) == ["sub_4"])
    }

    @Test("A 429 on a batch call puts every row back together without using an attempt")
    func rateLimitedBatchComesBackTogether() async throws {
        let clock = VirtualDispatchClock()
        let store = InMemoryOutboxStore()
        let connector = FakeBatchConnector(maxBatchSize: 500)
        connector.failCalls(with: [.rateLimited(retryAfter: .seconds(2), "slow down")])
        _ = await store.enqueue((0..<40).map { Events.upsert($0, connector: "batch", at: clock.now) })
        let report = try await Self.dispatcher(store, connector, people: Self.people(40), clock: clock).drain()
        #expect(report.rateLimited == 40 && report.delivered == 40 && report.retried == 0)
        #expect(connector.batches.count == 1 && connector.batches[0].count == 40, "retried as one batch, not scattered")
        #expect(await store.history(of: "evt_u7").map(\.code) == [.rateLimited])
    }
}
