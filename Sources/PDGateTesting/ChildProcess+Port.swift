import Foundation

extension ChildProcess {
    /// Starts a server that binds port 0 and prints the port it got as the first line of its standard output
    /// (after `prefix`), and waits for that line.
    ///
    /// - Returns: The running child and its port; `nil` with port 0 when the child ended or stayed silent for
    ///   `timeout` (it is stopped then).
    public static func startListening(
        _ executable: String,
        _ arguments: [String],
        prefix: String = "PORT ",
        environment: [String: String]? = nil,
        workingDirectory: String? = nil,
        timeout: Duration = .seconds(15)
    ) async throws -> (ChildProcess?, Int) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let announcement = folder.appendingPathComponent("stdout")
        let process = try await start(executable, arguments, environment: environment,
                                      workingDirectory: workingDirectory, standardOutput: announcement)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: announcement, encoding: .utf8)) ?? ""
            if let newline = text.firstIndex(of: "\n") {
                let line = text[..<newline]
                if line.hasPrefix(prefix), let port = Int(line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)) {
                    return (process, port)
                }
                break
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        process.stop(with: SIGKILL)
        return (nil, 0)
    }
}
