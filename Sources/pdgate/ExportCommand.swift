import ArgumentParser
import Foundation
import Gateway

/// `pdgate export`: the list staff ask for, limited to what one purpose allows; `pdgate export approve`: a second
/// person's approval of an export above the exporter's limit.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the people usable for a purpose, with that purpose's fields only, as CSV or .xlsx.",
        subcommands: [ExportRunCommand.self, ExportApproveCommand.self],
        defaultSubcommand: ExportRunCommand.self)
}

/// `pdgate export [run]`: writes the list.
struct ExportRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Export the people usable for a purpose, with that purpose's fields only, as CSV or .xlsx.",
        discussion: """
            Only people with a valid basis for the purpose now (consent purposes: active, proven consent unless \
            the purpose accepts legacy consent), never restricted people, only the fields the purpose declares, \
            masked or left out as the role sees them. Only a role with the export action exports. An export of \
            more people than the role's export_limit (roles.yaml; else exports.review_threshold of quality.yaml, \
            1000 by default) needs a second person's approval (pdgate export approve, then --approval N) and is \
            flagged in the audit log. Every person exported is named, by pseudonym, in the audit log. \
            The file is written with mode 0600; by default under DATA/exports/.
            Exit codes: 0 written, 1 failure, 3 refused, 64 usage.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The purpose of purposes.yaml the list is for.") var purpose: String
    @Option(help: "Only people with this tag.") var tag: String?
    @Option(help: "Only people with this status (the status field).") var status: String?
    @Option(help: "csv or xlsx.") var format: String = "csv"
    @Option(help: "The file to write (default: DATA/exports/export-PURPOSE-TIME.FORMAT).") var out: String?
    @Option(help: "The number of a second person's approval (pdgate export approve) for an export above the limit.")
    var approval: Int64?

    func validate() throws {
        guard ExportRequest.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be csv or xlsx")
        }
    }

    func run() async throws {
        try await runReporting {
            let gateway = try await global.openGateway()
            let format = ExportRequest.Format(rawValue: format) ?? .csv
            let url: URL
            if let out {
                url = URL(fileURLWithPath: out)
            } else {
                try FileManager.default.createDirectory(at: gateway.exportsFolder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
                let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
                url = gateway.exportsFolder.appendingPathComponent("export-\(purpose)-\(stamp).\(format.rawValue)")
            }
            let request = ExportRequest(purpose: purpose, tag: tag, status: status, format: format,
                                        approval: approval)
            let result = try await CLIFailure.mapping {
                try await gateway.export(request, to: url, principal: global.principal)
            }
            if global.json {
                try printJSON(result)
                return
            }
            print("Exported \(result.people) people for \(result.purpose) to \(result.file ?? url.path)")
            print("  fields: \(result.fields.joined(separator: ", "))"
                  + (result.masked.isEmpty ? "" : " (masked: \(result.masked.joined(separator: ", ")))"))
            print("  left out: \(result.withoutBasis) without a valid basis, \(result.restricted) restricted, "
                  + "\(result.filteredOut) by the filters")
            if result.flagged {
                print("  flagged for the access review: more than \(result.reviewThreshold) people, approved")
            }
        }
    }
}

/// `pdgate export approve`: the four-eyes rule for bulk exports.
struct ExportApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve another principal's export above their limit; prints the approval's number.",
        discussion: """
            The approval is recorded in the audit log with the exporter, the purpose and the most people the \
            export may hold. It is good for one export by that principal within 24 hours; nobody approves their \
            own export. Needs a role with the export action.
            Exit codes: 0 approved, 1 failure, 3 refused, 64 usage.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The purpose of purposes.yaml the export is for.") var purpose: String
    @Option(name: .customLong("for"), help: "The principal who will export (cli:anna, token:crm).") var exporter: String
    @Option(help: "The most people the export may hold.") var people: Int

    func run() async throws {
        try await runReporting {
            let gateway = try await global.openGateway()
            let number = try await CLIFailure.mapping {
                try await gateway.approveExport(purpose: purpose, for: exporter, people: people,
                                                principal: global.principal)
            }
            if global.json {
                try printJSON(["approval": number])
                return
            }
            print("Approval \(number): \(exporter) may export up to \(people) people for \(purpose) within 24 hours "
                  + "(pdgate export --approval \(number))")
        }
    }
}
