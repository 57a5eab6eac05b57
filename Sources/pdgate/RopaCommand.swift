import ArgumentParser
import Foundation
import Policy

struct RopaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ropa",
        abstract: "Print the record of processing activities (GDPR Art. 30) generated from Policies/.",
        discussion: "Markdown by default; --json for the machine-readable record. Exit codes: 0 ok, 1 policy error.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Language of the Markdown: ru or en.") var lang = "ru"

    func validate() throws {
        guard Language(rawValue: lang) != nil else { throw ValidationError("--lang must be ru or en") }
    }

    func run() async throws {
        try await runReporting {
            let policies = try global.loadPolicies()
            if global.json {
                try printJSON(policies.ropa())
            } else {
                print(policies.ropaMarkdown(lang: Language(rawValue: lang)!))
            }
        }
    }
}
