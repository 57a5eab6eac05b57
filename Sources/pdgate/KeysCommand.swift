import ArgumentParser
import Foundation
import Gateway

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Rotate the master key and show which versions wrap the keys.",
        subcommands: [Rotate.self, Status.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a master key version and rewrap every subject, index and signing key under it.",
            discussion: """
                Online: the gateway may keep serving meanwhile; no sealed field is touched. master.key is replaced \
                atomically with the new version added (older versions stay: key-store backups need them). Resumable: \
                a run that finds keys under an older version finishes that rotation first instead of starting \
                another. Processes that opened master.key before the rotation keep wrapping new keys under the old \
                version until they restart; run `keys rotate` again after restarting them.
                Exit codes: 0 ok, 1 failure, 3 refused by role.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Subject keys rewrapped per key-store transaction.") var batch = 1_000

        func validate() throws {
            guard batch > 0 else { throw ValidationError("--batch must be positive") }
        }

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let report = try await CLIFailure.mapping {
                    try await gateway.rotateKeys(batchSize: batch, principal: global.principal)
                }
                if global.json { try printJSON(report); return }
                if report.resumed {
                    print("Finished an interrupted rotation to master key version \(report.masterVersion)")
                } else {
                    print("Rotated the master key: version \(report.previousVersion) -> \(report.masterVersion)")
                }
                print("  rewrapped \(report.subjectKeysRewrapped) subject keys and \(report.namedKeysRewrapped) "
                      + "named keys in \(String(format: "%.2f", report.seconds)) s")
                if report.remaining > 0 {
                    print("  \(report.remaining) keys were created meanwhile under the old version; run it again")
                }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the current master key version and how many keys an older version still wraps.",
            discussion: "Exit codes: 0 ok, 1 failure.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let older = try await gateway.keyring.keysUnderOlderMasterVersions()
                let version = gateway.keyring.masterKey.currentVersion
                if global.json {
                    try printJSON(["version": 1, "masterVersion": version, "olderSubjectKeys": older.subjectKeys,
                                   "olderNamedKeys": older.namedKeys])
                    return
                }
                print("master key version \(version); under older versions: \(older.subjectKeys) subject keys, "
                      + "\(older.namedKeys) named keys")
            }
        }
    }
}
