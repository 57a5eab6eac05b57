import Foundation
import Hummingbird
import HummingbirdTesting
import PDGateTesting
import Testing

/// Renders console pages in headless Chromium when it is installed (Debian's `chromium` package) and checks that
/// a real browser produces a picture of them. The PNGs stay in the temporary folder for a look by eye.
@Suite("The console in a real browser", .serialized)
struct ConsoleScreenshotTests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("Headless Chromium renders the login page served over HTTP, the request queue and connector status",
          .timeLimit(.minutes(3)))
    func screenshots() async throws {
        guard let chromium = Self.chromium else {
            throw MissingTool("chromium (apt-get install chromium, or make test-deps)")
        }
        let test = try await TestServer.make()
        let person = try await test.person()
        _ = try await ConnectorStatusEndpointTests.deadLetter(in: test, subject: person.rawValue)
        _ = try await test.gateway.createRequest(kind: .objection, lookup: .email("anna.test@example.com"),
                                                 jurisdiction: "RU", channel: "email", principal: TestServer.officer)
        _ = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                 jurisdiction: "RU", channel: "email", principal: TestServer.officer)
        test.clock.advance(by: 2 * 86_400)
        let token = try #require(test.tokens["privacy_officer"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-screens-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try await test.test(.live) { client async throws in
            let port = try #require(client.port)
            let login = folder.appendingPathComponent("login.png")
            try await Self.screenshot(chromium, url: "http://127.0.0.1:\(port)/console/login?lang=en", to: login)
            // The queue needs the session cookie, which Chromium cannot be given on its command line: render the
            // page the server sends, with its stylesheet inlined, from a file.
            let session = try await ConsoleSession.login(client, token: token)
            let css = try await client.send(.get, "/console/assets/console.css").text
            var shots = [login]
            for (name, path) in [("queue", "/console/requests?lang=ru"), ("connectors", "/console/connectors?lang=ru")] {
                let html = try await client.send(.get, path, headers: session.headers).text
                let page = folder.appendingPathComponent("\(name).html")
                try Data(html.replacingOccurrences(
                    of: #"<link rel="stylesheet" href="/console/assets/console.css">"#, with: "<style>\(css)</style>"
                ).utf8).write(to: page)
                let shot = folder.appendingPathComponent("\(name).png")
                try await Self.screenshot(chromium, url: page.absoluteString, to: shot)
                shots.append(shot)
            }
            for file in shots {
                let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
                #expect(size > 5_000, "\(file.lastPathComponent) is \(size) bytes")
            }
            print("console screenshots: \(folder.path)")
        }
    }

    static func screenshot(_ chromium: String, url: String, to file: URL, width: Int = 1200,
                           height: Int = 900) async throws {
        let status = try await ChildProcess.run(
            "/usr/bin/timeout",
            ["90", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--user-data-dir=\(file.deletingLastPathComponent().path)/profile",
             "--screenshot=\(file.path)", "--window-size=\(width),\(height)", url]).status
        #expect(status == 0, "chromium exited with \(status) for \(url)")
    }
}
