import Foundation
import PDGateTesting
import Testing

/// `pdgate audit act-pdf`: a destruction act printed to PDF for the responsible person's e-signature, never from an
/// act changed since the gateway signed it.
@Suite("pdgate audit act-pdf", .serialized)
struct ActPDFCLITests {
    @Test("An erasure's act prints to a PDF; a changed act is refused and nothing is printed")
    func printsSignedActOnly() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else {
            throw MissingTool("chromium (apt-get install chromium) prints the act to PDF")
        }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let env = ["PDGATE_DATA": data.path]
        let csv = data.deletingLastPathComponent().appendingPathComponent("\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: csv) }
        try "ФИО;Телефон;Email\nКузнецова Мария Петровна;+79160000022;maria.k@example.com\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        #expect(try await PDGateProcess.run(["init"], environment: env).status == 0)
        #expect(try await PDGateProcess.run(["import", csv.path, "--no-progress"], environment: env).status == 0)
        let found = try await PDGateProcess.run(["subject", "find", "--email", "maria.k@example.com"], environment: env)
        let id = found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let erased = try await PDGateProcess.run(["erase", id, "--reason", "withdrawal", "--json"], environment: env)
        try #require(erased.status == 0, "\(erased.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(erased.stdout.utf8)) as? [String: Any]
        let actPath = try #require(result?["actFile"] as? String)
        let number = URL(fileURLWithPath: actPath).lastPathComponent

        let pdf = data.appendingPathComponent("act.pdf")
        let printed = try await PDGateProcess.run(["audit", "act-pdf", number, "--out", pdf.path], environment: env)
        #expect(printed.status == 0, "\(printed.stderr)")
        let bytes = try Data(contentsOf: pdf)
        #expect(bytes.starts(with: Data("%PDF-".utf8)) && bytes.count > 1_000)
        #expect(!printed.stdout.contains("Кузнецова") && !printed.stderr.contains("Кузнецова"))

        // Someone edits the act after the fact: the PDF would carry a text the gateway never signed.
        let html = data.appendingPathComponent("acts/\(number).html")
        let original = try String(contentsOf: html, encoding: .utf8)
        try original.replacingOccurrences(of: "</body>", with: "<p>дописано</p></body>")
            .write(to: html, atomically: true, encoding: .utf8)
        let second = data.appendingPathComponent("changed.pdf")
        let refused = try await PDGateProcess.run(["audit", "act-pdf", number, "--out", second.path], environment: env)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("changed since it was signed"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: second.path))
    }
}
