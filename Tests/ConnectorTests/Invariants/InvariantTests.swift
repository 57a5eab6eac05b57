import Foundation
import PDGateTesting
import Storage
import Testing

/// Seeded random sequences of imports, re-imports of the old spreadsheet, consents given and withdrawn, corrections,
/// erasures (in full and under the accounting hold), backups and purges on a clock moved forward, on SQLite and on
/// PostgreSQL; every invariant checked after every step. A failure prints the seed and the shortest sequence that
/// still fails. `make invariants` runs the long version (PDGATE_INVARIANT_STEPS, PDGATE_INVARIANT_SEED).
@Suite("Invariants hold after every step of generated sequences", .serialized, .timeLimit(.minutes(15)))
struct InvariantTests {
    static let environment = ProcessInfo.processInfo.environment
    static let steps = Int(environment["PDGATE_INVARIANT_STEPS"] ?? "") ?? 60
    /// Steps per generated sequence (each on a fresh gateway): longer runs reach deeper states for the same cost.
    static let runLength = Int(environment["PDGATE_INVARIANT_RUN"] ?? "") ?? 40

    /// The explorer on `backend` over `services` (SQLite files, or PostgreSQL databases made per run).
    static func explorer(_ backend: String, services: InvariantServices) throws -> InvariantExplorer {
        guard backend == "postgres" else { return InvariantExplorer(locations: { (nil, nil) }, services: services) }
        guard let cluster = PostgresCluster.shared() else {
            throw MissingTool("a PostgreSQL server (apt-get install postgresql, or make postgres-deps)")
        }
        return InvariantExplorer(locations: {
            (try cluster.makeDatabase(prefix: "inv"), try cluster.makeDatabase(prefix: "invkeys"))
        }, services: services)
    }

    @Test("No step breaks an invariant", arguments: ["sqlite", "postgres"])
    func explore(_ backend: String) async throws {
        // `make invariants` runs each backend in a process of its own (PDGATE_INVARIANT_BACKEND), side by side.
        if let only = Self.environment["PDGATE_INVARIANT_BACKEND"], only != backend { return }
        let services = try await InvariantServices.start()
        defer { services.stop() }
        let explorer = try Self.explorer(backend, services: services)
        // A fixed seed in `make test` (the same sequences every run); any seed by PDGATE_INVARIANT_SEED.
        let seed = Self.environment["PDGATE_INVARIANT_SEED"].flatMap(UInt64.init) ?? (backend == "sqlite" ? 24 : 25)
        var random = SeededGenerator(seed: seed)
        var done = 0
        var runs = 0
        let started = ContinuousClock.now
        while done < Self.steps {
            let length = min(Self.runLength, Self.steps - done)
            let steps = (0..<length).map { _ in InvariantStep.random(people: InvariantWorld.people, using: &random) }
            if let violation = try await explorer.run(steps) {
                let (shortest, shrunk) = try await explorer.shrink(steps)
                Issue.record("""
                    invariant broken on \(backend), seed \(seed) (PDGATE_INVARIANT_SEED=\(seed)), run \(runs + 1): \
                    \(shrunk ?? violation)
                    shortest sequence (\(shortest.count) steps): \(shortest.map(\.description).joined(separator: "; "))
                    """)
                return
            }
            done += length
            runs += 1
        }
        print("invariants \(backend): \(done) steps in \(runs) runs, seed \(seed), 0 violations, "
            + "\(ContinuousClock.now - started); pdgate processes killed: "
            + "\(KilledCommand.landed.load(ordering: .relaxed)) mid-work of \(KilledCommand.started.load(ordering: .relaxed))")
    }
}
