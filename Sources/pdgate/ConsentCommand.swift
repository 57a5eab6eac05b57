import Core
import ArgumentParser
import Foundation
import Gateway
import Keyring

struct ConsentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Record consent given or withdrawn, show a person's consent history, and ask for re-permission.",
        subcommands: [Give.self, Withdraw.self, History.self, Reconfirm.self])

    struct SubjectArgument: ParsableArguments {
        @Argument(help: "Pseudonymous subject id (sub_…).") var id: String

        func validate() throws {
            guard SubjectID(id) != nil else { throw ValidationError("<id> must look like sub_ followed by 26 characters") }
        }

        var subject: SubjectID { SubjectID(id)! }
    }

    struct Give: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record consent to a consent-based purpose, tied to the notice document shown.",
            discussion: "Exit codes: 0 ok, 1 failure, 3 refused by role, 64 usage.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var subject: SubjectArgument
        @Option(help: "Purpose from purposes.yaml, e.g. marketing_email.") var purpose: String
        @Option(help: "How it was given: web_form, api, privacy_officer, phone_call, ...") var channel = "privacy_officer"
        @Option(help: "Where: form id, page, ticket (no personal data).") var source = "cli"
        @Option(help: "Reference to stored evidence (scan id, message id).") var evidence: String?

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let event = try await CLIFailure.mapping {
                    try await gateway.giveConsent(
                        subject.subject, purpose: purpose,
                        capture: ConsentCapture(channel: channel, source: source, evidence: evidence),
                        principal: global.principal)
                }
                if global.json { try printJSON(ISOTimestamped(value: event, at: event.at)) } else {
                    print("Consent to \(purpose) recorded for \(subject.id) "
                          + "(notice \(event.noticeID ?? "-")@\(event.noticeVersion ?? "-"), sha256 \(event.noticeHash?.prefix(16) ?? "-")…)")
                }
            }
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a withdrawal of consent (history is kept).",
            discussion: "Exit codes: 0 ok (also when nothing was active), 1 failure, 3 refused by role, 64 usage.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var subject: SubjectArgument
        @Option(help: "Purpose from purposes.yaml.") var purpose: String
        @Option(help: "How it was withdrawn: email_link, phone_call, privacy_center, ...") var channel = "privacy_officer"

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let event = try await CLIFailure.mapping {
                    try await gateway.withdrawConsent(subject.subject, purpose: purpose, channel: channel,
                                                      principal: global.principal)
                }
                if global.json {
                    try printJSON(["version": "1", "withdrawn": event == nil ? "false" : "true"])
                } else {
                    print(event == nil ? "No active consent to \(purpose); nothing to withdraw"
                                       : "Consent to \(purpose) withdrawn for \(subject.id)")
                }
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every consent event of a person, oldest first.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var subject: SubjectArgument

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let events = try await CLIFailure.mapping {
                    try await gateway.consentHistory(subject.subject, principal: global.principal)
                }
                if global.json { try printJSON(events.map { ISOTimestamped(value: $0, at: $0.at) }); return }
                for event in events {
                    let date = Date(timeIntervalSince1970: TimeInterval(event.at))
                    print("\(date)\t\(event.purpose)\t\(event.action.rawValue)\t\(event.channel)\t\(event.provenance.rawValue)"
                          + "\t\(event.proven ? "proven" : "unproven")\t\(event.noticeID.map { "\($0)@\(event.noticeVersion ?? "")" } ?? "-")")
                }
            }
        }
    }
}
