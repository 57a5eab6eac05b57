import Core
import ArgumentParser
import Foundation
import Gateway
import Keyring

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify the tamper-evident audit log or extract one person's trail.",
        subcommands: [Verify.self, Extract.self, VerifyAct.self, ActPDF.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the hash chain and signed checkpoints; names the first bad entry.",
            discussion: "Exit codes: 0 intact, 1 tampered or failure.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let result = try await gateway.verifyAudit(principal: global.principal)
                if global.json {
                    try printJSON(result)
                } else if result.isValid {
                    print("Audit log intact: \(result.entries) entries, \(result.checkpoints) signed checkpoints")
                }
                if !result.isValid {
                    throw CLIFailure(message: "audit log broken at entry \(result.firstBadSeq ?? 0): \(result.problem ?? "")",
                                     exitCode: 1)
                }
            }
        }
    }

    struct Extract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the audit trail of one subject.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Subject id (sub_…).") var subject: String

        func validate() throws {
            guard SubjectID(subject) != nil else { throw ValidationError("--subject must look like sub_…") }
        }

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let entries = try await gateway.auditTrail(of: SubjectID(subject)!, principal: global.principal)
                if global.json {
                    try printJSON(entries.map { ISOTimestamped(value: $0, at: $0.at) })
                    return
                }
                for entry in entries {
                    let date = Date(timeIntervalSince1970: TimeInterval(entry.at))
                    print("\(entry.seq ?? 0)\t\(date)\t\(entry.principal)\t\(entry.role)\t\(entry.action)\t"
                          + "\(entry.fields.joined(separator: ","))\t\(entry.outcome.rawValue)")
                }
            }
        }
    }
}
