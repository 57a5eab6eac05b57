import ArgumentParser
import Foundation
import Documents
import Gateway
import Policy
import Requests

struct DocsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "The operator's documents generated from Policies/ and operator.yaml.",
        subcommands: [Build.self])

    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the processing policy, consent documents and Roskomnadzor notifications.",
            discussion: """
                Writes into --out: processing-policy (152-FZ art. 18.1), consent-<purpose> for each consent-based \
                purpose (art. 9; a separate document each), roskomnadzor-notification (art. 22) and \
                cross-border-<recipient> for each recipient abroad (art. 12), plus manifest.json. A captured \
                consent references the SHA-256 of its consent document's Markdown in the operator's language, \
                listed in the manifest. PDF needs chromium, wkhtmltopdf or libreoffice installed.
                Exit codes: 0 ok, 1 failure (policy error, no PDF tool), 64 usage.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Language: ru (152-FZ) or en (EU deployments).") var lang = "ru"
        @Option(help: "Format: html, md or pdf.") var format = "html"
        @Option(help: "Output folder (created if missing).") var out = "docs"

        func validate() throws {
            guard Language(rawValue: lang) != nil else { throw ValidationError("--lang must be ru or en") }
            guard ["html", "md", "pdf"].contains(format) else { throw ValidationError("--format must be html, md or pdf") }
        }

        func run() async throws {
            try await runReporting {
                let policies = try global.loadPolicies()
                let language = Language(rawValue: lang) ?? .ru
                let notices = global.notices
                let documents = OperatorDocuments.build(policies, notices: notices.wordings(for: policies),
                                                        language: language)
                let folder = URL(fileURLWithPath: out)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let converter = format == "pdf" ? try PDFConverter.find() : nil
                var manifest = Manifest(language: lang, format: format, documents: [])
                for document in documents {
                    let file = folder.appendingPathComponent("\(document.name).\(format)")
                    switch format {
                    case "md": try Data(document.markdown.utf8).write(to: file)
                    case "pdf": try converter?.convert(html: document.html, to: file)
                    default: try Data(document.html.utf8).write(to: file)
                    }
                    var entry = Manifest.Entry(kind: document.kind.rawValue, file: file.lastPathComponent,
                                               title: document.title)
                    if let name = document.purpose, let purpose = policies.purpose(named: name),
                        let consent = try? notices.consentDocument(for: purpose, policies: policies) {
                        entry.purpose = name
                        entry.notice = "\(consent.notice.id)@\(consent.notice.version)"
                        entry.consentSHA256 = consent.notice.sha256
                        let hashed = folder.appendingPathComponent(
                            "\(document.name).\(policies.operatorDetails.primaryLanguage.rawValue).hashed.md")
                        try Data(consent.document.markdown.utf8).write(to: hashed)
                        entry.hashedFile = hashed.lastPathComponent
                    }
                    manifest.documents.append(entry)
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try encoder.encode(manifest).write(to: folder.appendingPathComponent("manifest.json"))
                if global.json {
                    try printJSON(manifest)
                } else {
                    for entry in manifest.documents {
                        print("\(folder.appendingPathComponent(entry.file).path)"
                              + (entry.consentSHA256.map { "  sha256 \($0)" } ?? ""))
                    }
                    if policies.operatorProfile == nil {
                        FileHandle.standardError.write(Data(
                            "warning: no operator.yaml in the policies folder; operator details are placeholders\n".utf8))
                    }
                }
            }
        }
    }

    /// What was written, with the hash captured consents reference.
    struct Manifest: Codable {
        struct Entry: Codable {
            var kind: String
            var file: String
            var title: String
            var purpose: String?
            var notice: String?
            /// SHA-256 of the consent document's Markdown in the operator's language: what consents record.
            var consentSHA256: String?
            /// The exact bytes that hash covers.
            var hashedFile: String?
        }

        var version = 1
        var language: String
        var format: String
        var documents: [Entry]
    }
}
