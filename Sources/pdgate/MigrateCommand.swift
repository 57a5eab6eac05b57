import Core
import ArgumentParser
import Foundation
import Gateway
import Storage

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move an embedded deployment (SQLite files) into PostgreSQL, then verify the copy.",
        discussion: """
            Copies the vault (subjects, indexes, consents, audit log, erasure ledger, outbox, requests, tokens, …) \
            into --to and the key store into --key-database, a PostgreSQL database of its own with its own user. \
            Both must be empty. Stop every gateway on the data directory first. Afterwards each table's row count \
            is compared and the audit chain is verified in PostgreSQL; the SQLite files stay as they were. Then run \
            the gateway with --database and --key-database (or PDGATE_DATABASE, PDGATE_KEY_DATABASE). \
            Exit codes: 0 moved and verified, 1 failure or a mismatch, 64 usage.
            """)

    @Option(name: .long, help: "Data directory to move (default: $PDGATE_DATA or ./pdgate-data).")
    var data: String?

    @Option(name: .long, help: "Target vault database, postgres://user:password@host:port/name.")
    var to: String

    @Option(name: .long, help: ArgumentHelp(
        "Target key database, postgres://… of its own with its own user (default: $PDGATE_KEY_DATABASE)."))
    var keyDatabase: String?

    @Flag(name: .long, help: "Print machine-readable JSON on stdout.")
    var json = false

    func validate() throws {
        guard to.hasPrefix("postgres://") || to.hasPrefix("postgresql://") else {
            throw ValidationError("--to must be a postgres:// URL")
        }
        guard keyDatabase ?? ProcessInfo.processInfo.environment["PDGATE_KEY_DATABASE"] != nil else {
            throw ValidationError("--key-database (or PDGATE_KEY_DATABASE) is required: keys never go to the data database")
        }
        do {
            try target().checkSeparation()
        } catch let error as GatewayError {
            throw ValidationError(error.message)
        }
    }

    func target() throws -> DataDirectory {
        let source = DataDirectory.fromEnvironmentFiles(data)
        return try DataDirectory.fromEnvironment(source.root.path, database: to, keyDatabase: keyDatabase)
    }

    func run() async throws {
        try await runReporting {
            let source = DataDirectory.fromEnvironmentFiles(data)
            let report = try await CLIFailure.mapping {
                try await Gateway.migrate(from: source, to: try target(),
                                          principal: Principal.commandLine(role: "privacy_officer"))
            }
            if json {
                try printJSON(report)
            } else {
                print("vault → \(report.target)")
                for (table, count) in report.vaultRows.sorted(by: { $0.key < $1.key }) where count > 0 {
                    print("  \(table): \(count)")
                }
                print("keys → \(report.keyTarget)")
                for (table, count) in report.keyRows.sorted(by: { $0.key < $1.key }) { print("  \(table): \(count)") }
                print("audit chain in PostgreSQL: \(report.auditEntries) entries, \(report.auditCheckpoints) checkpoints")
                print(report.verified ? "verified: every count matches and the chain holds"
                                      : "NOT verified:\n  " + report.problems.joined(separator: "\n  "))
            }
            if !report.verified { throw CLIFailure(message: "error: the copy did not verify", exitCode: 1) }
        }
    }
}
