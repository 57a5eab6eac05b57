import ArgumentParser
import Foundation
import Gateway
import Logging
import Policy

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory (default: $PDGATE_DATA or ./pdgate-data).")
    var data: String?

    @Option(name: .long, help: "Policies folder (default: $PDGATE_POLICIES or ./Policies).")
    var policies: String?

    @Flag(name: .long, help: "Print machine-readable JSON on stdout.")
    var json = false

    @Flag(name: .long, help: "Log progress details on stderr (ids and counts only, never personal data).")
    var verbose = false

    @Option(name: .long, help: "Act under this role of roles.yaml (default: $PDGATE_ROLE or privacy_officer).")
    var role: String?

    var directory: DataDirectory { DataDirectory.fromEnvironment(data) }

    var principal: Principal {
        Principal.commandLine(role: role ?? ProcessInfo.processInfo.environment["PDGATE_ROLE"] ?? "privacy_officer")
    }

    /// The policies folder in use (for notice documents next to the YAML files).
    var policiesURL: URL { PoliciesLocator.locate(explicit: policies) }

    func makeLogger() -> Logger {
        var logger = Logger(label: "pdgate") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .info : .warning
        return logger
    }

    /// Loads and validates the policies folder.
    func loadPolicies() throws -> PolicySet {
        let url = policiesURL
        do {
            return try PolicySet.load(from: url)
        } catch {
            throw CLIFailure(message: "policy error: \(error)", exitCode: 1)
        }
    }

    /// Opens the gateway on the data directory, finishing interrupted work first.
    func openGateway() async throws -> Gateway {
        let policies = try loadPolicies()
        let notices = NoticeLibrary(directory: policiesURL.appendingPathComponent("notices"))
        let gateway = try CLIFailure.mapping {
            try Gateway(directory: directory, policies: policies, notices: notices, logger: makeLogger())
        }
        try await CLIFailure.mapping { try await gateway.recover() }
        return gateway
    }
}
