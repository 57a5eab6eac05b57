public import Foundation

/// LibreOffice: converts files headless with a private profile (tests that check a written workbook really opens in
/// a spreadsheet). `make test-deps` installs it (Debian's `libreoffice-calc-nogui`); without it a conversion throws
/// ``MissingTool``, so such a test fails rather than passing unchecked.
public enum LibreOffice {
    /// `soffice` or `libreoffice` on the PATH, if any.
    public static let executable: String? = {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") + ["/usr/bin"] {
            for name in ["soffice", "libreoffice"] {
                let path = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }()

    public static var isInstalled: Bool { executable != nil }

    /// Converts `file` with a filter such as `csv:Text - txt - csv (StarCalc):59,34,76,1` and returns the output.
    public static func convert(_ file: URL, to filter: String, extension ext: String, infilter: String? = nil) async throws
        -> URL {
        guard let executable else {
            throw MissingTool("LibreOffice (apt-get install libreoffice-calc-nogui, or make test-deps)")
        }
        let out = file.deletingLastPathComponent().appendingPathComponent("lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let status = try await ChildProcess.run(
            executable,
            ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore"]
                + (infilter.map { ["--infilter=\($0)"] } ?? []) + ["--convert-to", filter, "--outdir", out.path, file.path]
        ).status
        let result = out.appendingPathComponent(file.deletingPathExtension().lastPathComponent + "." + ext)
        guard status == 0, FileManager.default.fileExists(atPath: result.path) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return result
    }
}
