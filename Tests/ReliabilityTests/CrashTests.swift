import Benchmarks
import Foundation
import PDGateTesting
import Testing

/// Kills `pdgate` with SIGKILL at random moments of an import, an erasure, a purge, a connector sync and a key
/// rotation, restarts it, and checks after every kill that each person is whole or fully erased, the counts add up,
/// no outbox event is stored twice and the audit chain verifies. At the end the outbox is drained into a webhook
/// receiver that applies each event id once: every live person is there, no erased one, and nothing was applied
/// twice.
///
/// `PDGATE_CRASH_TRIALS` sets the number of kills (default 5; `make crash-nightly` runs 120);
/// `PDGATE_CRASH_SEED` replays a run.
@Suite("Crash recovery: SIGKILL at random moments", .serialized)
struct CrashTests {
    enum Operation: String, CaseIterable {
        case importFile = "import", erase, purge, sync, rotate

        /// The random kill delay: about the operation's run time in a debug build on 2 cores (start-up and recovery
        /// take the first 0.15 s), so most kills land while it works and some after it finished. Purge, sync and
        /// rotation grow with the vault: ``perSubject`` widens their range as people accumulate.
        var delays: ClosedRange<Double> {
            switch self {
            case .importFile: 0.12...0.6
            case .erase: 0.15...0.4
            case .purge: 0.1...0.8
            case .sync: 0.1...1.2
            case .rotate: 0.1...0.45
            }
        }

        var perSubject: Double {
            switch self {
            case .importFile, .erase: 0
            case .purge: 0.004
            case .sync: 0.002
            case .rotate: 0.001
            }
        }
    }

    static let batchSize = 120

    struct Tally {
        var trials = 0
        var killsLanded = 0
    }

    @Test("Every kill leaves a consistent vault; the outbox reaches the receiver once per event")
    func killedAtRandomMoments() async throws {
        let environment = ProcessInfo.processInfo.environment
        let trials = environment["PDGATE_CRASH_TRIALS"].flatMap(Int.init) ?? 5
        let seed = environment["PDGATE_CRASH_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64(UInt32.max))
        var random = SeededGenerator(seed: seed)
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-crash-\(UUID().uuidString)")
        let receiver = try await WebhookReceiver.start()
        defer {
            receiver.stop()
            try? FileManager.default.removeItem(at: data)
        }
        let pdgate = PDGateRunner(data: data, environment: ["PDGATE_TEST_WEBHOOK_SECRET": WebhookReceiver.secret])
        let initialised = try await pdgate.run(["init"])
        try #require(initialised.status == 0, "\(initialised.stderr)")
        try Data(receiver.connectorsJSON().utf8).write(to: data.appendingPathComponent("connectors.json"))
        var batch = 0
        let first = try writeBatch(batch, in: data)
        try #require(try await pdgate.run(["import", first.path, "--no-progress"]).status == 0)
        // Redeliveries on top of the kills: an answer lost after the effect, and plain server errors.
        try await receiver.setFaults(["p_drop_after": 0.05, "p500": 0.03, "seed": Int(seed % 1_000_000)])

        var before = try await check(pdgate)
        var tallies: [Operation: Tally] = [:]
        for trial in 0..<trials {
            let operation = Operation.allCases[trial % Operation.allCases.count]
            let upper = operation.delays.upperBound + operation.perSubject * Double(before.subjects)
            let delay = Double.random(in: operation.delays.lowerBound...upper, using: &random)
            var arguments: [String]
            var added = 0
            switch operation {
            case .importFile:
                batch += 1
                arguments = ["import", try writeBatch(batch, in: data).path, "--no-progress"]
                added = Self.batchSize
            case .erase:
                guard let id = try await findLivePerson(pdgate, batches: 0...batch, using: &random) else { continue }
                arguments = ["erase", id, "--reason", "crash test"]
            case .purge:
                arguments = ["purge"]
            case .sync:
                arguments = ["connectors", "sync", "--drain", "--lease-seconds", "1"]
            case .rotate:
                arguments = ["keys", "rotate", "--batch", "5"]
            }
            let outcome = try await pdgate.runKilled(arguments, after: delay)
            tallies[operation, default: Tally()].trials += 1
            if outcome.killed { tallies[operation, default: Tally()].killsLanded += 1 }
            #expect(outcome.killed || outcome.status == 0,
                    "trial \(trial) (seed \(seed)): \(operation.rawValue) exited \(outcome.status)")
            let after = try await check(pdgate)
            let context = "trial \(trial) (seed \(seed)), \(operation.rawValue) killed after \(delay) s"
            // Counts match: people only leave by erasure, and an import lands whole or not at all.
            let live = (before.subjects + before.erased, after.subjects + after.erased)
            #expect(live.1 == live.0 || (added > 0 && live.1 == live.0 + added), "\(context): \(live)")
            if operation == .importFile {
                #expect(after.imports - before.imports == (live.1 - live.0) / added, "\(context)")
            }
            #expect(after.erased >= before.erased, "\(context)")
            before = after
        }

        // Finish what the kills left: the rotation, then every outbox event, with the receiver healthy again.
        let rotated = try await pdgate.run(["keys", "rotate", "--json"])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(rotated.json["remaining"] as? Int == 0)
        try await receiver.setFaults([:])
        let drained = try await pdgate.run(["connectors", "sync", "--drain", "--lease-seconds", "1", "--json"])
        #expect(drained.status == 0, "\(drained.stderr)")
        let final = try await check(pdgate)
        #expect(final.outbox["pending", default: 0] == 0 && final.outbox["dead", default: 0] == 0,
                "no event lost: \(final.outbox)")

        let state = try await receiver.state()
        let people = state["people"] as? [String: Any] ?? [:]
        let events = (state["events"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let erased = Set(((try? String(contentsOf: data.appendingPathComponent("erasures.log"), encoding: .utf8)) ?? "")
            .split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
        #expect(Set(events).count == events.count, "an event was applied twice at the receiver")
        #expect(people.count == final.subjects, "receiver holds \(people.count), the vault \(final.subjects) people")
        #expect(erased.isDisjoint(with: people.keys), "an erased person is still held by the receiver")
        #expect(erased.count == final.erased)

        let kills = tallies.values.reduce(0) { $0 + $1.killsLanded }
        let summary = Operation.allCases.map {
            "\($0.rawValue) \(tallies[$0]?.killsLanded ?? 0)/\(tallies[$0]?.trials ?? 0)"
        }.joined(separator: ", ")
        print("crash-summary seed=\(seed) trials=\(trials) kills=\(kills) [\(summary)] subjects=\(final.subjects) "
              + "erased=\(final.erased) outbox_done=\(final.outbox["done", default: 0]) receiver_events=\(events.count) "
              + "redeliveries_absorbed=\(state["duplicates"] as? Int ?? 0) lost=0")
    }

    struct Snapshot {
        var subjects: Int
        var erased: Int
        var imports: Int
        var outbox: [String: Int]
    }

    /// Runs `pdgate check --json` (which finishes interrupted work first) and requires a consistent report.
    func check(_ pdgate: PDGateRunner) async throws -> Snapshot {
        let output = try await pdgate.run(["check", "--json"])
        let report = output.json
        #expect(output.status == 0, "check failed: \(report["problems"] ?? output.stderr)")
        #expect(report["consistent"] as? Bool == true, "\(report["problems"] ?? "")")
        #expect((report["erasuresWithoutConnectorEvents"] as? [String])?.isEmpty == true,
                "an erasure was not queued for the connector")
        #expect(report["unreadableSubjects"] as? [String] == [])
        return Snapshot(subjects: try #require(report["subjects"] as? Int),
                        erased: try #require(report["erasedSubjects"] as? Int),
                        imports: try #require(report["finishedImports"] as? Int),
                        outbox: report["outbox"] as? [String: Int] ?? [:])
    }

    func writeBatch(_ batch: Int, in data: URL) throws -> URL {
        let file = data.appendingPathComponent("batch-\(batch).csv")
        try Data(SyntheticCustomers.csv(batch: batch, count: Self.batchSize).utf8).write(to: file)
        return file
    }

    /// The id of someone imported and not yet erased (a recent contact, so the purge keeps them).
    func findLivePerson(_ pdgate: PDGateRunner, batches: ClosedRange<Int>, using random: inout SeededGenerator)
        async throws -> String?
    {
        for _ in 0..<6 {
            let batch = Int.random(in: batches, using: &random)
            let n = Int.random(in: 0..<(Self.batchSize / 2), using: &random) * 2 + 1
            let found = try await pdgate.run(["subject", "find", "--email", SyntheticCustomers.email(batch: batch, n: n)])
            if found.status == 0 { return found.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        return nil
    }
}
