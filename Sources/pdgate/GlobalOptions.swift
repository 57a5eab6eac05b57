import Core
import ArgumentParser
import Foundation
import Gateway
import Logging
import Policy
import ConnectorKit

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory (default: $PDGATE_DATA or ./pdgate-data).")
    var data: String?

    @Option(name: .long, help: ArgumentHelp(
        "Vault database, postgres://user@host:port/name (default: $PDGATE_DATABASE or DATA/vault.sqlite).",
        discussion: "Several instances share one PostgreSQL vault; the data directory keeps the master key."))
    var database: String?

    @Option(name: .long, help: ArgumentHelp(
        "Key store database, postgres://… of its own with its own user (default: $PDGATE_KEY_DATABASE or "
            + "DATA/keys.sqlite); required with a PostgreSQL vault."))
    var keyDatabase: String?

    @Option(name: .long, help: "Policies folder (default: $PDGATE_POLICIES or ./Policies).")
    var policies: String?

    @Flag(name: .long, help: "Print machine-readable JSON on stdout.")
    var json = false

    @Flag(name: .long, help: "Log progress details on stderr (ids and counts only, never personal data).")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp(
        "Act under this role of roles.yaml (default: $PDGATE_ROLE, else the role of your account).",
        discussion: "Your operating-system account must be listed in roles.yaml accounts:; it acts under that "
            + "account's role, and only an account whose role has the admin action may name another."))
    var role: String?

    @Option(name: .long, help: "Connectors configuration (default: $PDGATE_CONNECTORS or DATA/connectors.json).")
    var connectors: String?

    /// The data directory and its databases; ``validate()`` has checked the locations parse.
    var directory: DataDirectory {
        (try? DataDirectory.fromEnvironment(data, database: database, keyDatabase: keyDatabase))
            ?? DataDirectory.fromEnvironmentFiles(data)
    }

    func validate() throws {
        do {
            try DataDirectory.fromEnvironment(data, database: database, keyDatabase: keyDatabase).checkSeparation()
        } catch let error as GatewayError {
            throw ValidationError(error.message)
        }
    }

    /// Who runs the command: the operator account of this operating-system user (``CLIIdentity``); a warning about
    /// the binding goes to stderr.
    var principal: Principal {
        let (principal, warning) = CLIIdentity.principal(
            policies: try? PolicySet.load(from: policiesURL),
            requestedRole: role ?? ProcessInfo.processInfo.environment["PDGATE_ROLE"])
        if let warning { FileHandle.standardError.write(Data("pdgate: \(warning)\n".utf8)) }
        return principal
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
            let policies = try PolicySet.load(from: url)
            try policies.checkConnectorKinds(Set(ConnectorsCommand.factories.map(\.type)))
            return policies
        } catch {
            throw CLIFailure(message: "policy error: \(error)", exitCode: 1)
        }
    }

    /// The connectors configuration, if one exists.
    func loadConnectors() throws -> ConnectorsConfig? {
        let path = connectors ?? ProcessInfo.processInfo.environment["PDGATE_CONNECTORS"]
            ?? directory.root.appendingPathComponent("connectors.json").path
        guard FileManager.default.fileExists(atPath: path) else {
            if connectors != nil { throw CLIFailure(message: "error: no connectors configuration at \(path)", exitCode: 1) }
            return nil
        }
        do {
            return try ConnectorsConfig.load(path: path)
        } catch {
            throw CLIFailure(message: "error: \(error)", exitCode: 1)
        }
    }

    /// The notice documents beside the policies (`POLICIES/notices`).
    var notices: NoticeLibrary { NoticeLibrary(directory: policiesURL.appendingPathComponent("notices")) }

    /// Opens the gateway on the data directory, finishing interrupted work first.
    func openGateway() async throws -> Gateway {
        let policies = try loadPolicies()
        let routes = try connectorRoutes()
        let gateway = try CLIFailure.mapping {
            try Gateway(directory: directory, policies: policies, notices: notices, connectors: routes,
                        logger: makeLogger())
        }
        try await CLIFailure.mapping { try await gateway.recover() }
        return gateway
    }

    /// The enabled connectors of `connectors.yaml` as the gateway routes changes to them.
    func connectorRoutes() throws -> [ConnectorRoute] {
        try loadConnectors()?.connectors.filter(\.enabled)
            .map { ConnectorRoute(name: $0.name, purposes: $0.purposes,
                                  country: $0.recipientCountry(factories: ConnectorsCommand.factories),
                                  confirmsSubscriptions: $0.confirmsSubscriptions(factories: ConnectorsCommand.factories))
            } ?? []
    }
}
