import ArgumentParser
import Foundation
import Gateway

struct AccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Review who can reach personal data and how they used it.",
        subcommands: [Review.self])

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Principals, tokens, roles, last use, and unusual reading volume, for the periodic log review.",
            discussion: """
                A principal that read or exported more than --threshold distinct people within any --window-hours \
                is flagged (the departing-employee case). Live tokens unused in the period are marked idle. \
                The review itself is audited.
                Exit codes: 0 ok, 1 failure, 2 with --fail-on-flag when a principal is flagged, 3 refused, 64 usage.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Period start, YYYY-MM-DD (default: 90 days ago).") var since: String?
        @Option(help: "Flag more distinct people than this in one window.") var threshold = 100
        @Option(help: "The window, in hours.") var windowHours = 24
        @Flag(help: "Exit 2 when any principal is flagged.") var failOnFlag = false

        func validate() throws {
            guard threshold >= 0 else { throw ValidationError("--threshold must not be negative") }
            guard windowHours > 0 else { throw ValidationError("--window-hours must be positive") }
        }

        /// The principal's usual peak and why it is flagged, for the listing.
        static func history(_ item: AccessReview.PrincipalActivity) -> String {
            let usual = item.usualPeak.map { "  usual peak \($0)" } ?? ""
            let reasons = item.flagReasons.joined(separator: ", ")
            return usual + (reasons.isEmpty ? "" : "  flagged by \(reasons)")
        }

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let start = try since.map(IncidentCommand.time) ?? Date().addingTimeInterval(-90 * 86_400)
                let review = try await gateway.accessReview(since: start, threshold: threshold,
                                                            windowHours: windowHours, principal: global.principal)
                if global.json {
                    try printJSON(review)
                } else {
                    print("Access review \(IncidentCommand.format(review.since)) – \(IncidentCommand.format(review.until))"
                          + " (flag: more than \(review.threshold) people in \(review.windowHours) h)")
                    print("\nPrincipals:")
                    for item in review.principals {
                        let flag = item.flagged ? "FLAG " : "     "
                        print("\(flag)\(item.principal)  roles \(item.roles.joined(separator: ","))  "
                              + "last \(item.lastSeen.map(IncidentCommand.format) ?? "never")  people read "
                              + "\(item.peopleRead)  peak \(item.peakInWindow)"
                              + (item.peakWindowStart.map { " from \(IncidentCommand.format($0))" } ?? "")
                              + "  refusals \(item.refusals)" + Self.history(item))
                        let actions = item.actions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                        print("       \(actions.joined(separator: " "))")
                    }
                    print("\nTokens:")
                    for token in review.tokens {
                        print("  \(token.name)  \(token.role)  \(token.state)\(token.idle ? " idle" : "")  expires "
                              + "\(IncidentCommand.format(token.expiresAt))  last used "
                              + (token.lastUsed.map(IncidentCommand.format) ?? "never"))
                    }
                    print("\nRoles:")
                    for (role, actions) in review.roles.sorted(by: { $0.key < $1.key }) {
                        print("  \(role): \(actions.isEmpty ? "-" : actions.joined(separator: ", "))")
                    }
                }
                if failOnFlag && review.principals.contains(where: \.flagged) {
                    throw CLIFailure(message: "flagged: unusual reading volume", exitCode: 2)
                }
            }
        }
    }
}
