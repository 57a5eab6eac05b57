import ArgumentParser
import Foundation
import Gateway

extension RequestCommand {
    /// `pdgate request review REF --release FIELD=TEXT …`: the officer's review of an access answer's free text.
    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Release an access answer's flagged free text, as it is or with other people's data removed.",
            discussion: """
                Free-text fields (notes) may name other people; the person's own download withholds them until \\
                this review. Give each flagged field once: --release notes="text to release" (an empty text \\
                withholds it). The texts are sealed with the person's key; the review is audited without them.
                Exit codes: 0 reviewed, 1 failure, 3 refused by role, 64 usage.
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var reference: Reference
        @Option(name: .customLong("release"), help: "FIELD=TEXT: the text to release for a flagged field.")
        var releases: [String] = []

        func validate() throws {
            guard !releases.isEmpty else { throw ValidationError("give at least one --release FIELD=TEXT") }
            for release in releases where !release.contains("=") {
                throw ValidationError("--release takes FIELD=TEXT (for example notes=\"…\")")
            }
        }

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                var released: [String: String] = [:]
                for release in releases {
                    let parts = release.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    released[String(parts[0]).trimmingCharacters(in: .whitespaces)] = String(parts[1])
                }
                let changed = try await CLIFailure.mapping {
                    try await gateway.reviewAccessAnswer(reference.reference, released: released,
                                                         principal: global.principal)
                }
                if global.json {
                    try printJSON(["reviewed": released.keys.sorted(), "changed": changed])
                } else {
                    print("Reviewed \(released.keys.sorted().joined(separator: ", ")) of \(reference.reference)"
                          + (changed.isEmpty ? "" : "; redacted or withheld: \(changed.joined(separator: ", "))"))
                }
            }
        }
    }
}
