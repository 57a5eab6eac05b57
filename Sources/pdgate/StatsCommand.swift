import ArgumentParser
import Foundation
import Gateway

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Aggregates without personal data (for roles with aggregates, such as analyst).",
        discussion: "Exit codes: 0 ok, 1 failure, 3 refused by role.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await runReporting {
            let gateway = try await global.openGateway()
            let stats = try await CLIFailure.mapping { try await gateway.statistics(principal: global.principal) }
            if global.json { try printJSON(stats); return }
            print("subjects \(stats.subjects), restricted \(stats.restricted)")
            for (field, share) in stats.fieldFill.sorted(by: { $0.key < $1.key }) {
                print("  " + field.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%5.1f%%", share * 100))
            }
            for (purpose, count) in stats.activeConsent.sorted(by: { $0.key < $1.key }) {
                print("  consent \(purpose): \(count) active, \(stats.provenConsent[purpose] ?? 0) proven")
            }
        }
    }
}
