import ArgumentParser
import Foundation
import Gateway

struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Apply retention.yaml: erase everyone whose retention period has ended.",
        discussion: """
            Run with --dry-run first to see who would be erased and why. Idempotent and safe to re-run after a \
            crash. Schedule it nightly (see docs/CLI.md for cron and systemd timer examples).
            Exit codes: 0 ok, 1 failure (or some erasures failed), 3 refused by role.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(name: .customLong("dry-run"), help: "Only report what would be erased.") var dryRun = false
    @Option(name: .customLong("as-of"), help: "Judge retention as of this date (YYYY-MM-DD). A later date than today only with --dry-run.")
    var asOf: String?

    func validate() throws {
        if let asOf, Self.parse(asOf) == nil { throw ValidationError("--as-of must be YYYY-MM-DD") }
    }

    static func parse(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "Europe/Moscow")
        return formatter.date(from: text)
    }

    func run() async throws {
        try await runReporting {
            let gateway = try await global.openGateway()
            let report = try await CLIFailure.mapping {
                try await gateway.purge(dryRun: dryRun, asOf: asOf.flatMap(Self.parse), principal: global.principal)
            }
            if global.json {
                try printJSON(report)
            } else {
                print("\(dryRun ? "Would erase" : "Erased") \(dryRun ? report.items.count : report.erased + report.partiallyErased) "
                      + "of \(report.examined) people (\(String(format: "%.2f", report.seconds)) s)")
                for item in report.items.prefix(50) {
                    print("  \(item.subject)  \(item.rule)  expired \(RequestPrinter.day(item.expired))  \(item.action)")
                }
                if report.items.count > 50 { print("  … \(report.items.count - 50) more (use --json)") }
            }
            if report.failed > 0 { throw CLIFailure(message: "\(report.failed) erasures failed; re-run purge", exitCode: 1) }
        }
    }
}
