import ArgumentParser
import Foundation
import Gateway

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a vault backup and a key-store backup, then re-apply every erasure, suppression and "
            + "withdrawal recorded since.",
        discussion: """
            Stop every gateway on the data directory first. The data directory must hold the master key (restore it \
            from where you keep it apart). The files replaced are moved to DATA/replaced-<time>/. The erasure ledger \
            and the suppression log are taken from the longest copy: the data directory's or those pdgate backup \
            keeps beside the key backups (add --logs for a backup folder the data directory does not know, such as \
            after losing it). Ends with pdgate check. Exit codes: 0 ok, 1 failure or inconsistent after restore.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The vault backup (DIR/vault/vault-<time>.sqlite).") var vault: String
    @Option(help: "The key-store backup (DIR/keys/keys-<time>.sqlite), from the same day or later.") var keys: String
    @Option(help: "A backup folder whose keys/ holds copies of erasures.log and suppressions.log (repeatable).")
    var logs: [String] = []

    func run() async throws {
        try await runReporting {
            let report = try await CLIFailure.mapping {
                try await Gateway.restore(
                    vault: URL(fileURLWithPath: vault), keys: URL(fileURLWithPath: keys), into: global.directory,
                    policies: global.loadPolicies(), notices: global.notices, connectors: global.connectorRoutes(),
                    logDirectories: logs.map { URL(fileURLWithPath: $0).appendingPathComponent("keys") },
                    principal: global.principal)
            }
            if global.json {
                try printJSON(report)
            } else {
                print("restored: \(report.vaultFile) and \(report.keysFile)")
                print("replaced files kept in: \(report.replacedFilesFolder)")
                print("re-applied: \(report.erasuresReapplied) erasures, \(report.suppressionsReapplied) suppressions, "
                    + "\(report.withdrawalsReapplied) withdrawals")
                print(report.consistent ? "check: consistent" : "check: INCONSISTENT — run pdgate check for details")
            }
            if !report.consistent { throw ExitCode(1) }
        }
    }
}
