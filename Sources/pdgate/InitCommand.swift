import ArgumentParser
import Gateway

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a data directory with a new master key, key store and vault.",
        discussion: """
            Writes master.key (mode 0600), keys.sqlite and vault.sqlite. Refuses to run where a master key \
            already exists: a master key is never overwritten. Back up master.key apart from the data.
            Exit codes: 0 ok, 1 failure, 64 usage.
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await runReporting {
            let policies = try global.loadPolicies()
            let gateway = try await CLIFailure.mapping {
                try await Gateway.initialise(global.directory, policies: policies,
                                             notices: global.notices,
                                             principal: global.principal,
                                             logger: global.makeLogger())
            }
            if global.json {
                try printJSON(["version": "1", "data": gateway.directory.root.path,
                               "masterKey": gateway.directory.masterKey.path])
            } else {
                print("Initialised \(gateway.directory.root.path)")
                print("  master key: \(gateway.directory.masterKey.path) (mode 600; back it up apart from the data)")
            }
        }
    }
}
