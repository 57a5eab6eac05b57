import ArgumentParser
import Foundation
import Gateway

/// `pdgate quality report`: how complete, fresh and consistent the customer data is.
struct QualityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Data quality of the customer base.",
        subcommands: [Report.self])

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Completeness and staleness per field, doubtful duplicates, invalid or rejected contacts.",
            discussion: """
                A value is stale when it has not been confirmed (seen again in an import, or confirmed by the \
                person) within the re-verification period of quality.yaml (6 months by default). Needs a role with \
                aggregates; pseudonyms are listed for roles that may correct data. Exit codes: 0 ok, 1 failure, \
                3 refused.
                """)

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let report = try await CLIFailure.mapping { try await gateway.qualityReport(principal: global.principal) }
                if global.json {
                    try printJSON(report)
                    return
                }
                print("Data quality as of \(report.asOf): \(report.subjects) people (\(report.restricted) restricted)")
                print("  field                    filled   complete   stale (not confirmed within)")
                for field in report.fields {
                    let name = field.name.padding(toLength: 24, withPad: " ", startingAt: 0)
                    print(String(format: "  %@ %7d   %7.1f%%   %5d (%@)", name, field.present,
                                 field.completeness * 100, field.stale, field.reverifyAfter))
                }
                print("  doubtful duplicates (same phone, different names): \(report.doubtfulDuplicateGroups)")
                for group in report.doubtfulDuplicates {
                    print("    " + group.subjects.joined(separator: " "))
                }
                print("  invalid contacts: \(report.invalidContacts); rejected by connectors: \(report.rejectedByConnectors)")
                let reasons = report.undeliverableByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                print("  bounced or invalid addresses reported by services (not sent to until corrected): "
                      + "\(report.undeliverableAddresses)" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))"))
                for problem in report.contactProblems {
                    print("    \(problem.subject) \(problem.field) \(problem.reason)"
                          + (problem.connector.map { " (\($0))" } ?? ""))
                }
            }
        }
    }
}
