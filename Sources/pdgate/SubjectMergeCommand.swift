import Core
import ArgumentParser
import Foundation
import Gateway
import Keyring

/// `pdgate subject merge A B`: one person who became two subjects.
struct SubjectMergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge subject B into subject A (fields, consent history; B is erased, connectors are told).",
        discussion: """
            Fields A lacks are taken from B; where both differ, the more recently confirmed value stays. B's consent \
            history is copied into A's. B is then crypto-shredded and listed in erasures.log. Needs a role with \
            rectify and erase. Exit codes: 0 merged, 1 failure, 3 refused, 64 usage.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The subject that remains (sub_…).") var keep: String
    @Argument(help: "The subject merged into it and erased (sub_…).") var other: String

    func validate() throws {
        guard SubjectID(keep) != nil, SubjectID(other) != nil else {
            throw ValidationError("subject ids look like sub_ followed by 26 characters")
        }
    }

    func run() async throws {
        try await runReporting {
            guard let keep = SubjectID(keep), let other = SubjectID(other) else { return }
            let gateway = try await global.openGateway()
            let result = try await CLIFailure.mapping {
                try await gateway.mergeSubjects(keep, other, principal: global.principal)
            }
            if global.json {
                try printJSON(result)
            } else {
                print("Merged \(result.merged) into \(result.kept)")
                print("  fields added: \(result.added.isEmpty ? "-" : result.added.joined(separator: ", "))")
                print("  fields replaced by fresher values: "
                      + (result.replaced.isEmpty ? "-" : result.replaced.joined(separator: ", ")))
                print("  consent events copied: \(result.consentEvents)")
                print("  \(result.merged) is erased; connectors are told through the outbox")
            }
        }
    }
}
