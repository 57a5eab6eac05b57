import Foundation

/// Prints an HTML page to PDF with a tool found on the machine: chromium (headless), wkhtmltopdf or LibreOffice.
struct PDFConverter {
    let tool: String
    let kind: String

    static func find() throws -> PDFConverter {
        let candidates: [(String, String)] = [
            ("chromium", "chromium"), ("chromium-browser", "chromium"), ("google-chrome", "chromium"),
            ("wkhtmltopdf", "wkhtmltopdf"), ("soffice", "libreoffice"), ("libreoffice", "libreoffice"),
        ]
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for (name, kind) in candidates {
            for dir in path where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return PDFConverter(tool: "\(dir)/\(name)", kind: kind)
            }
        }
        throw CLIFailure(
            message: "error: printing to PDF needs chromium, wkhtmltopdf or libreoffice, and none is installed "
                + "(apt-get install chromium); the HTML and Markdown forms always work", exitCode: 1)
    }

    func convert(html: String, to pdf: URL) throws {
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temp) }
        let page = temp.appendingPathComponent(pdf.deletingPathExtension().lastPathComponent + ".html")
        try Data(html.utf8).write(to: page)
        let arguments: [String]
        switch kind {
        case "chromium":
            arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                         "--user-data-dir=\(temp.appendingPathComponent("profile").path)",
                         "--print-to-pdf=\(pdf.path)", page.absoluteString]
        case "wkhtmltopdf":
            arguments = ["--quiet", "--encoding", "utf-8", page.path, pdf.path]
        default:
            arguments = ["--headless", "--convert-to", "pdf", "--outdir", temp.path, page.path]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        if kind == "libreoffice" {
            let produced = temp.appendingPathComponent(page.deletingPathExtension().lastPathComponent + ".pdf")
            try? FileManager.default.removeItem(at: pdf)
            try? FileManager.default.moveItem(at: produced, to: pdf)
        }
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: pdf.path) else {
            throw CLIFailure(message: "error: \(kind) could not print \(pdf.lastPathComponent) to PDF "
                                 + "(exit \(process.terminationStatus))", exitCode: 1)
        }
    }
}
