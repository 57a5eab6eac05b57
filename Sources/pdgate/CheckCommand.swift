import ArgumentParser
import Foundation
import Gateway

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the data after a crash: every person whole or fully erased, outbox and audit intact.",
        discussion: """
            Opens the gateway (which finishes interrupted erasures first), opens every subject in memory, and \
            checks the erasure ledger, index rows, import runs, the outbox and the audit chain. Prints pseudonyms \
            and counts only.
            Exit codes: 0 consistent, 1 a problem found or failure, 3 refused by role.
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await runReporting {
            let gateway = try await global.openGateway()
            let report = try await CLIFailure.mapping {
                try await gateway.checkConsistency(principal: global.principal)
            }
            if global.json {
                try printJSON(report)
            } else {
                print("subjects \(report.subjects) (\(report.wholeSubjects) whole, "
                      + "\(report.fieldsOpened) fields opened), "
                      + "erased \(report.erasedSubjects), orphan keys \(report.orphanKeys)")
                let outbox = report.outbox.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                print("outbox: " + (outbox.isEmpty ? "empty" : outbox.joined(separator: ", ")))
                print("audit: \(report.audit.entries) entries, \(report.audit.checkpoints) signed checkpoints")
                for problem in report.problems { print("problem: \(problem)") }
                if report.problems.isEmpty { print("consistent") }
            }
            if !report.consistent {
                throw CLIFailure(message: "inconsistent: \(report.problems.count) problems", exitCode: 1)
            }
        }
    }
}
