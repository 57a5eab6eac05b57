import Foundation
import Hummingbird
import HummingbirdTesting
import PDGateTesting
import Testing

/// Renders the privacy center's pages in headless Chromium (Debian's `chromium`) when it is installed, for a look by
/// eye: the PNGs are written to `/tmp/privacy-shots`.
@Suite("The privacy center in a real browser", .serialized)
struct PrivacyScreenshotTests {
    static let folder = URL(fileURLWithPath: "/tmp/privacy-shots")

    @Test("Headless Chromium renders the start, code, account, lead form and confirmation pages",
          .timeLimit(.minutes(4)))
    func screenshots() async throws {
        guard let chromium = ConsoleScreenshotTests.chromium else {
            throw MissingTool("chromium (apt-get install chromium, or make test-deps)")
        }
        let harness = try await PrivacyHarness.make()
        let person = try await harness.test.person()
        let gateway = harness.test.gateway
        try await gateway.giveConsent(person, purpose: "marketing_email",
                                      capture: .init(channel: "web_form", source: "test"),
                                      principal: TestServer.officer)
        _ = try await gateway.createRequest(kind: .erasure, lookup: .email(PrivacyHarness.email), jurisdiction: "RU",
                                           channel: "email", principal: TestServer.officer)
        try? FileManager.default.removeItem(at: Self.folder)
        try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
        try await harness.run { client in
            let port = try #require(client.port)
            let root = "http://127.0.0.1:\(port)"
            var shots: [URL] = []
            // Public pages straight from the server.
            for (name, path, width) in [("start-ru", "/privacy", 1200), ("start-en-mobile", "/privacy?lang=en", 390),
                                        ("signup-ru", "/privacy/signup?lang=ru&utm_source=yandex", 1200)] {
                let shot = Self.folder.appendingPathComponent("\(name).png")
                try await ConsoleScreenshotTests.screenshot(chromium, url: root + path, to: shot, width: width,
                                                           height: width < 800 ? 1500 : 1000)
                shots.append(shot)
            }
            // Pages behind a form post or a session: the HTML the server sends, stylesheet inlined, from a file.
            var visitor = PrivacyVisitor(client)
            let css = try await visitor.get("/privacy/assets/privacy.css").text
            let (code, _) = try await visitor.askCode(for: PrivacyHarness.email)
            var pages = [("code-ru", code.text, 1200)]
            let account = try await visitor.signIn(harness, mailIndex: 1)
            let csrf = try #require(PrivacyVisitor.hidden("csrf", in: account.text))
            _ = try await visitor.post("/privacy/requests", [("csrf", csrf), ("kind", "access")])
            pages.append(("account-ru", try await visitor.get("/privacy/me?done=filed").text, 1200))
            pages.append(("account-en-mobile", try await visitor.get("/privacy/me?lang=en").text, 390))
            let wrong = try await visitor.post("/privacy/verify", [("challenge", "x"), ("code", "000000")])
            pages.append(("code-void-en", wrong.text, 1200))
            _ = try await visitor.post("/privacy/signup", [("full_name", "Новикова Лидия"),
                                                           ("email", "new.lead@example.com")])
            let mails = try await harness.mails(3)
            let link = try #require(mails.last.flatMap(PrivacyHarness.link(in:)))
            pages.append(("confirm-en", try await visitor.get(link.replacingOccurrences(of: "lang=ru", with: "lang=en"))
                .text, 1200))
            for (name, html, width) in pages {
                let file = Self.folder.appendingPathComponent("\(name).html")
                try Data(html.replacingOccurrences(
                    of: #"<link rel="stylesheet" href="/privacy/assets/privacy.css">"#, with: "<style>\(css)</style>"
                ).utf8).write(to: file)
                let shot = Self.folder.appendingPathComponent("\(name).png")
                try await ConsoleScreenshotTests.screenshot(chromium, url: file.absoluteString, to: shot, width: width,
                                                           height: name.hasPrefix("account") ? 2000 : 1000)
                shots.append(shot)
            }
            for file in shots {
                let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
                #expect(size > 5_000, "\(file.lastPathComponent) is \(size) bytes")
            }
            print("privacy center screenshots: \(Self.folder.path)")
        }
    }
}
