import ArgumentParser
import Foundation
import Gateway

extension ConsentCommand {
    struct Reconfirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask people with legacy (imported, unproven) consent to confirm it by double opt-in.",
            discussion: """
                Queues, per person, a request to the purpose's mailing connectors to run their own double opt-in \
                (Mailchimp sets the member pending, UniSender sends its confirmation letter); `pdgate connectors \
                sync` or `pdgate serve` delivers it. The confirmation, reported back by webhook or `pdgate \
                connectors pull`, turns the legacy consent into proven consent with the service as evidence. \
                Nobody without consent is contacted, nor anyone who withdrew, is restricted, erased or suppressed, \
                nor anyone asked within the window.
                Exit codes: 0 ok, 1 failure (no connector of the purpose runs double opt-in), 3 refused by role, \
                64 usage.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Purpose from purposes.yaml, e.g. marketing_email.") var purpose: String
        @Option(help: "Only people with this tag.") var tag: String?
        @Option(help: "Only people whose customer status field is this (e.g. VIP).") var status: String?
        @Option(name: .customLong("window-days"), help: "Do not ask again anyone asked within this many days.")
        var windowDays = 30
        @Flag(name: .customLong("dry-run"), help: "Count who would be asked; queue and record nothing.")
        var dryRun = false

        func validate() throws {
            guard tag == nil || status == nil else { throw ValidationError("give at most one of --tag and --status") }
            guard windowDays >= 0 else { throw ValidationError("--window-days must be 0 or more") }
        }

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let report = try await CLIFailure.mapping {
                    try await gateway.reconfirm(purpose: purpose, selection: ReconfirmSelection(tag: tag, status: status),
                                                window: TimeInterval(windowDays) * 86_400, dryRun: dryRun,
                                                principal: global.principal)
                }
                if global.json { try printJSON(report); return }
                let verb = dryRun ? "Would ask" : "Asked"
                print("\(verb) \(report.requested) of \(report.legacy) people with legacy consent to \(purpose) to "
                      + "confirm through \(report.connectors.joined(separator: ", "))"
                      + (dryRun ? "" : " (queued; `pdgate connectors sync` delivers)"))
                print("  skipped: \(report.skippedRecent) asked within \(windowDays) days, "
                      + "\(report.skippedSelection) not selected, \(report.skippedSuppressed) suppressed, "
                      + "\(report.skippedRestricted) restricted, \(report.skippedNoEmail) without a valid e-mail")
            }
        }
    }
}
