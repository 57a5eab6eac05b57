import Foundation
import PDGateTesting
import Synchronization

/// `pdgate` run as a process of its own on the explorer's data directory and killed with SIGKILL after a delay,
/// as a crash or a power cut would stop it.
enum KilledCommand {
    /// Kills that landed while `pdgate` was still working, and all kills, in this test process.
    static let landed = Atomic<Int>(0)
    static let started = Atomic<Int>(0)

    /// Runs `pdgate arguments` against `world`'s stores; returns whether the kill landed before it finished.
    static func run(_ arguments: [String], in world: InvariantWorld, after delay: Double) async throws -> Bool {
        var environment = ProcessInfo.processInfo.environment
        environment["PDGATE_DATA"] = world.directory.root.path
        environment["PDGATE_POLICIES"] = world.policiesFolder.path
        if let url = world.databaseURLs.vault { environment["PDGATE_DATABASE"] = url }
        if let url = world.databaseURLs.keys { environment["PDGATE_KEY_DATABASE"] = url }
        let process = try await ChildProcess.start(
            Checkout.debugExecutable("pdgate").path, arguments, environment: environment,
            workingDirectory: Checkout.root.path)
        let deadline = ContinuousClock.now + .milliseconds(Int(delay * 1000))
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        let killed = process.isRunning
        process.signal(SIGKILL)
        _ = try await process.termination()
        started.add(1, ordering: .relaxed)
        if killed { landed.add(1, ordering: .relaxed) }
        return killed
    }

    /// `DATA/connectors.json` naming the explorer's routes, so a `pdgate` process tells the same recipients.
    static func writeConnectors(for world: InvariantWorld) throws {
        let routes = InvariantWorld.routes.map { route -> [String: Any] in
            var entry: [String: Any] = ["name": route.name, "purposes": route.purposes,
                                        "credentials": ["apiKey": ["env": "PDGATE_UNUSED_API_KEY"]]]
            entry["settings"] = route.name == "mailchimp" ? ["listID": InvariantServices.audience]
                : ["listIDs": [InvariantServices.uniSenderList]]
            return entry
        }
        let data = try JSONSerialization.data(withJSONObject: ["connectors": routes], options: [.sortedKeys])
        try data.write(to: world.directory.root.appendingPathComponent("connectors.json"))
    }
}
