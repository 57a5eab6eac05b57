import ArgumentParser
import Foundation
import Gateway

extension AuditCommand {
    /// `pdgate audit verify-act ACT-…`: checks a destruction act against its detached signature.
    struct VerifyAct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-act",
            abstract: "Check a destruction act's files against their Ed25519 signature by the audit key.",
            discussion: """
                Each act (DATA/acts/ACT-….json, .html, .md) comes with ACT-….sig: a detached Ed25519 signature of \\
                each file by the key that signs the audit log's checkpoints. Names any file changed since.
                Exit codes: 0 intact, 1 changed or failure, 3 refused by role.
                """)

        /// The `--json` answer.
        struct Outcome: Encodable {
            var act: String
            var intact: Bool
            var failed: [String]
        }

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The act's number, ACT-YYYY-NNNNNN.") var number: String

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let failed = try await CLIFailure.mapping {
                    try await gateway.verifyAct(number, principal: global.principal)
                }
                if global.json {
                    try printJSON(Outcome(act: number, intact: failed.isEmpty, failed: failed))
                } else if failed.isEmpty {
                    print("Act \(number) intact: every file matches its signature")
                }
                if !failed.isEmpty {
                    throw CLIFailure(message: "act \(number) changed: \(failed.joined(separator: ", "))", exitCode: 1)
                }
            }
        }
    }
}
