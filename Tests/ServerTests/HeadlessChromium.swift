import Foundation
import PDGateTesting
import Testing

/// A scripted visit in Debian's headless Chromium: real page loads, form fills and clicks, driven over the DevTools
/// pipe by `Browser/drive.py` (Python's standard library only). Screenshots are kept under
/// `.build/test-artifacts/browser/` for a look by eye.
enum HeadlessChromium {
    /// One step of a visit.
    enum Step {
        case go(String)
        case fill(String, String)
        case click(String)
        case check(String)
        /// Switches to a tab by name, opening it the first time; cookies are shared.
        case tab(String)
        /// Fills with the first match of a regular expression in the text last read.
        case fillMatching(String, pattern: String)
        /// Loads the address until its text contains the needle (at most `tries` loads); the text.
        case until(String, reload: String, tries: Int = 50)
        case text
        case url
        /// A form field's value ("true"/"false" for a radio or checkbox).
        case value(String)
        case shot(String)
        /// Clicks a link whose answer is an attachment; the result is the downloaded file's text (kept under
        /// `.build/test-artifacts/browser/downloads/<uuid>`).
        case download(String)

        var json: [String: Any] {
            switch self {
            case .go(let url): ["go": url]
            case .fill(let css, let value): ["fill": css, "value": value]
            case .click(let css): ["click": css]
            case .check(let css): ["check": css]
            case .tab(let name): ["tab": name]
            case .fillMatching(let css, let pattern): ["fill": css, "match": pattern]
            case .until(let needle, let url, let tries): ["until": needle, "reload": url, "tries": tries]
            case .text: ["text": true]
            case .url: ["url": true]
            case .value(let css): ["value": css]
            case .shot(let name): ["shot": HeadlessChromium.artifacts.appendingPathComponent("\(name).png").path]
            case .download(let css):
                // A folder per download: Chromium overwrites a file of the same name, which would look like none.
                ["download": css, "dir": HeadlessChromium.artifacts.appendingPathComponent("downloads")
                    .appendingPathComponent(UUID().uuidString).path]
            }
        }
    }

    static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let artifacts = Repository.root.appendingPathComponent(".build/test-artifacts/browser")
    static let driver = Repository.root.appendingPathComponent("Tests/ServerTests/Browser/drive.py")

    /// The privacy center's sign-in as a customer goes through it: the English start page, the contact typed, the
    /// code read in the development inbox once it shows `needle`, typed and verified. A visit goes on from the
    /// signed-in page; `inboxShot` names a screenshot of the inbox with the code.
    static func privacySignIn(base: String, contact: String, inboxShows needle: String, inboxShot: String? = nil)
        -> [Step]
    {
        [.go("\(base)/privacy?lang=en"), .fill("#contact", contact), .click("form[action='/privacy/code'] button"),
         .tab("inbox"), .until(needle, reload: "\(base)/dev/inbox")]
            + (inboxShot.map { [Step.shot($0)] } ?? [])
            + [.tab("main"), .fillMatching("#code", pattern: "\\b[0-9]{6}\\b"),
               .click("form[action='/privacy/verify'] button")]
    }

    /// Runs the steps in a fresh browser profile; returns each step's result (page text or address, else nil).
    ///
    /// - Throws: ``MissingTool`` without Chromium; a failure naming the step the driver could not do.
    static func visit(_ steps: [Step]) async throws -> [String?] {
        guard let chromium = executable else {
            throw MissingTool("chromium (apt-get install chromium, or make test-deps)")
        }
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-browser-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let script = work.appendingPathComponent("steps.json")
        try JSONSerialization.data(withJSONObject: steps.map(\.json)).write(to: script)
        let output = try await ChildProcess.run(
            "/usr/bin/timeout", ["420", "/usr/bin/python3", driver.path, chromium, script.path,
                                 work.appendingPathComponent("profile").path])
        let parsed = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8), options: [.fragmentsAllowed])
        if let failure = parsed as? [String: Any] {
            let done = ((failure["results"] as? [Any]) ?? []).map { $0 as? String }
            let seen = done.map { $0.map { String($0.prefix(300)) } ?? "-" }
            Issue.record(Comment(rawValue: "browser step \(failure["step"] ?? "?") failed: \(failure["error"] ?? ""); "
                                 + "results so far: \(seen)"))
            // The steps after the failure read as nil, so the test's own expectations fail without crashing.
            return done + Array(repeating: nil, count: steps.count - done.count)
        }
        #expect(output.status == 0, "drive.py exited with \(output.status): \(output.stderr.suffix(500))")
        return ((parsed as? [Any]) ?? []).map { $0 as? String }
    }
}
