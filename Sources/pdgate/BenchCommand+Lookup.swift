import ArgumentParser
import AsyncHTTPTransport
import Benchmarks
import ConnectorKit
import Core
import Foundation
import Gateway
import Logging

extension BenchCommand {
    /// Measures lookups by e-mail over HTTP against a `pdgate serve` process of its own, on SQLite or on the
    /// PostgreSQL databases given with `--database` and `--key-database`, beside the `/livez` ceiling of the same run.
    struct Lookup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a generated vault with `pdgate serve` and measure GET /v1/subjects?email= over HTTP: "
                + "requests/s, p50/p99 and the server's CPU per request, beside /livez (the HTTP ceiling).",
            discussion: "The load generator runs on the same machine and takes CPU of its own; the /livez figures of "
                + "the same run show what is left for pdgate. With --database the vault is PostgreSQL (empty "
                + "databases). Exit codes: 0 ok, 1 failure.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Customers to generate and import.") var customers = 100_000
        @Option(help: "Seconds each phase (/livez, then lookups) runs after its warm-up.") var seconds = 10.0
        @Option(help: "Requests in flight at once (keep-alive connections).") var concurrency = 32
        @Option(help: "Port on 127.0.0.1 for the server under test.") var port = 18_432
        @Option(help: "Scratch directory (deleted and recreated).") var work = ".bench/lookup"

        func validate() throws {
            guard customers > 0, seconds > 0, concurrency > 0 else {
                throw ValidationError("--customers, --seconds and --concurrency must be positive")
            }
        }

        func run() async throws {
            try await runReporting {
                let root = URL(fileURLWithPath: work)
                let token = try await prepare(root)
                let server = try LookupServer.start(arguments: serveArguments(root), folder: root)
                defer { server.stop() }
                let result = try await AsyncHTTPClientTransport.withTransport(maxConnectionsPerHost: concurrency) {
                    transport in
                    try await server.waitUntilUp(transport, port: port)
                    let load = HTTPLoad(transport: transport, concurrency: concurrency, seconds: seconds)
                    let livez = try await load.measure(server: server) { _ in
                        TransportRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(port)/livez")!)
                    }
                    let lookups = try await load.measure(server: server) { n in
                        let email = "customer\((n &* 7_919) % customers)@example.com"
                        return TransportRequest(
                            method: "GET", url: URL(string: "http://127.0.0.1:\(port)/v1/subjects?email=\(email)")!,
                            headers: [("Authorization", "Bearer \(token)")])
                    }
                    return LookupResult(backend: global.database == nil ? "sqlite" : "postgres",
                                        customers: customers, concurrency: concurrency, livez: livez,
                                        lookup: lookups)
                }
                if global.json { try printJSON(result); return }
                print("lookup   \(result.customers) customers on \(result.backend), \(concurrency) in flight, "
                    + "client on the same machine")
                for (name, phase) in [("livez", result.livez), ("lookup", result.lookup)] {
                    print(name.padding(toLength: 9, withPad: " ", startingAt: 0)
                        + String(format: "%.0f req/s, p50 %.2f ms, p99 %.2f ms, server CPU %.3f ms/request, %d errors",
                                 phase.requestsPerSecond, phase.p50Milliseconds, phase.p99Milliseconds,
                                 phase.serverCPUMillisecondsPerRequest, phase.errors))
                }
            }
        }

        /// A fresh data directory (or the given PostgreSQL databases) with the generated customers imported, and a
        /// privacy officer's token for the requests.
        private func prepare(_ root: URL) async throws -> String {
            try? FileManager.default.removeItem(at: root)
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let csv = root.appendingPathComponent("customers.csv")
            try SyntheticCustomers.write(rows: customers, to: csv)
            let officer = Principal(name: "bench:officer", role: "privacy_officer")
            var directory = global.directory
            directory = DataDirectory(root: root.appendingPathComponent("data"), database: directory.database,
                                      keyDatabase: directory.keyDatabase)
            let quiet = Logger(label: "pdgate.bench") { _ in SwiftLogNoOpLogHandler() }
            let gateway = try await Gateway.initialise(directory, policies: global.loadPolicies(),
                                                       notices: global.notices, principal: officer, logger: quiet)
            _ = try gateway.importCSV(csv, principal: officer)
            let token = try await gateway.createToken(name: "bench", role: "privacy_officer", validFor: 86_400,
                                                      principal: officer)
            try gateway.vault.close()
            return token
        }

        private func serveArguments(_ root: URL) -> [String] {
            var arguments = ["serve", "--port", "\(port)", "--data", root.appendingPathComponent("data").path,
                             "--policies", global.policiesURL.path]
            if let database = global.database { arguments += ["--database", database] }
            if let keyDatabase = global.keyDatabase { arguments += ["--key-database", keyDatabase] }
            return arguments
        }
    }

    /// The figures of `pdgate bench lookup`.
    struct LookupResult: Codable, Sendable {
        var version = 1
        var backend: String
        var customers: Int
        var concurrency: Int
        var livez: HTTPLoad.Phase
        var lookup: HTTPLoad.Phase
    }
}
