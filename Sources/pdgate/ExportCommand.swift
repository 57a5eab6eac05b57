import ArgumentParser
import Foundation
import Gateway

/// `pdgate export`: the list staff ask for, limited to what one purpose allows.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the people usable for a purpose, with that purpose's fields only, as CSV or .xlsx.",
        discussion: """
            Only people with a valid basis for the purpose now (consent purposes: active, proven consent unless \
            the purpose accepts legacy consent), never restricted people, only the fields the purpose declares, \
            masked or left out as the role sees them. Exports of more people than exports.review_threshold \
            (quality.yaml, 1000 by default) need a role with the export action and are flagged in the audit log. \
            The file is written with mode 0600; by default under DATA/exports/.
            Exit codes: 0 written, 1 failure, 3 refused, 64 usage.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The purpose of purposes.yaml the list is for.") var purpose: String
    @Option(help: "Only people with this tag.") var tag: String?
    @Option(help: "Only people with this status (the status field).") var status: String?
    @Option(help: "csv or xlsx.") var format: String = "csv"
    @Option(help: "The file to write (default: DATA/exports/export-PURPOSE-TIME.FORMAT).") var out: String?

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
            let request = ExportRequest(purpose: purpose, tag: tag, status: status, format: format)
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
                print("  flagged for the access review: more than \(result.reviewThreshold) people")
            }
        }
    }
}
