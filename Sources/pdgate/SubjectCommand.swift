import Core
import ArgumentParser
import Foundation
import Gateway
import Keyring

struct SubjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subject",
        abstract: "Find and read data subjects.",
        subcommands: [Find.self, Show.self, SubjectMergeCommand.self])

    struct Find: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the ids of subjects with an e-mail or phone (the value is normalised first).",
            discussion: "Exit codes: 0 found, 1 none found or failure, 64 usage.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "E-mail address to look up.") var email: String?
        @Option(help: "Phone number to look up (any Russian format).") var phone: String?

        func validate() throws {
            guard (email == nil) != (phone == nil) else { throw ValidationError("give exactly one of --email or --phone") }
        }

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let lookup: Gateway.Lookup = email.map { .email($0) } ?? .phone(phone ?? "")
                let ids = try await CLIFailure.mapping { try await gateway.findSubjects(lookup, principal: global.principal) }
                if global.json {
                    try printJSON(["version": "1", "subjects": ids.map(\.rawValue).joined(separator: ",")])
                } else {
                    for id in ids { print(id.rawValue) }
                }
                if ids.isEmpty { throw CLIFailure(message: "no subject found", exitCode: 1) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decrypt and print one subject (the read is audited: who, when, which fields).",
            discussion: "Exit codes: 0 ok, 1 not found or failure, 3 refused by role, 64 usage.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Pseudonymous subject id (sub_…), never an e-mail.") var id: String

        func validate() throws {
            guard SubjectID(id) != nil else { throw ValidationError("<id> must look like sub_ followed by 26 characters") }
        }

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let view = try await CLIFailure.mapping {
                    try await gateway.showSubject(SubjectID(id)!, principal: global.principal)
                }
                if global.json {
                    try printJSON(view)
                    return
                }
                print("\(view.subject)  status: \(view.status)  created: \(view.createdAt)")
                let width = view.fields.map(\.label.count).max() ?? 10
                for field in view.fields {
                    let label = field.label.padding(toLength: width, withPad: " ", startingAt: 0)
                    print("  \(label)  \(field.value ?? "—")    (confirmed \(field.confirmedAt.prefix(10)))")
                }
                for consent in view.consents {
                    print("  consent \(consent.purpose): \(consent.active ? "active" : "withdrawn") "
                          + "(\(consent.provenance)\(consent.proven ? ", proven" : ", unproven"), since \(consent.since.prefix(10)))")
                }
            }
        }
    }
}
