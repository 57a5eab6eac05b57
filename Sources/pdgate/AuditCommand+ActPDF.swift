import ArgumentParser
import Foundation
import Gateway

extension AuditCommand {
    /// `pdgate audit act-pdf ACT-…`: the destruction act as a PDF, ready for the responsible person's e-signature.
    struct ActPDF: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "act-pdf",
            abstract: "Print a destruction act to PDF, with its signature block, for an electronic signature.",
            discussion: """
                Checks the act's files against their signature by the audit key first (as verify-act does) and \\
                refuses an act changed since it was written; then prints ACT-….html to PDF with chromium, \\
                wkhtmltopdf or LibreOffice, whichever is installed. The PDF holds the person's name, as the act \\
                does: keep it with the act, and destroy it when the act's 3 years end (pdgate removes only the \\
                files it keeps in DATA/acts).
                Exit codes: 0 written, 1 changed act, no PDF tool or failure, 3 refused by role.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The act's number, ACT-YYYY-NNNNNN.") var number: String
        @Option(help: "Where to write the PDF (default: ./ACT-….pdf).") var out: String?

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let failed = try await CLIFailure.mapping {
                    try await gateway.verifyAct(number, principal: global.principal)
                }
                guard failed.isEmpty else {
                    throw CLIFailure(message: "act \(number) changed since it was signed "
                                     + "(\(failed.joined(separator: ", "))); not printed", exitCode: 1)
                }
                let html = try String(contentsOf: gateway.actFile(number, extension: "html"), encoding: .utf8)
                let target = URL(fileURLWithPath: out ?? "\(number).pdf")
                try PDFConverter.find().convert(html: html, to: target)
                if global.json {
                    try printJSON(["act": number, "pdf": target.path])
                } else {
                    print("Act \(number) printed to \(target.path)")
                }
            }
        }
    }
}
