import Core
import ArgumentParser
import Foundation
import Gateway
import Keyring

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the vault and, apart from it, the key store; expire old key-store backups.",
        discussion: """
            Writes DIR/vault/vault-<time>.sqlite and DIR/keys/keys-<time>.sqlite and deletes key-store backups older \
            than retention.yaml's key_backup_retention, so an erased person is unreadable in every backup within \
            30 days. The master key is not copied: back it up separately, once. Exit codes: 0 ok, 1 failure.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Backup folder.") var folder: String

    func run() async throws {
        try await runReporting {
            let gateway = try await global.openGateway()
            let report = try await CLIFailure.mapping {
                try await gateway.backup(to: URL(fileURLWithPath: folder), principal: global.principal)
            }
            if global.json { try printJSON(report); return }
            print("vault: \(report.vaultFile)")
            print("keys:  \(report.keysFile)  (kept \(report.keyBackupRetentionDays) days)")
            if !report.expiredKeyBackups.isEmpty { print("expired key backups removed: \(report.expiredKeyBackups.count)") }
        }
    }
}

struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase one person now (crypto-shredding), writing a destruction act.",
        discussion: "Prefer `request create --kind erasure` for a person's own request. Exit codes: 0 ok, 1, 3, 64.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Subject id (sub_…).") var id: String
    @Option(help: "Why (appears in the destruction act).") var reason: String

    func validate() throws {
        guard SubjectID(id) != nil else { throw ValidationError("<id> must look like sub_…") }
    }

    func run() async throws {
        try await runReporting {
            let gateway = try await global.openGateway()
            let result = try await CLIFailure.mapping {
                try await gateway.erase(SubjectID(id)!, reason: reason, principal: global.principal)
            }
            if global.json { try printJSON(result); return }
            print(result.shredded ? "Erased \(id) (key destroyed)"
                                  : "Erased \(id) except \(result.heldFields.joined(separator: ", ")) (legal hold)")
            print("  act: \(result.actFile ?? "-").html")
        }
    }
}
