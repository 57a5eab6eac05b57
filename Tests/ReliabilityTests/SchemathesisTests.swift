import Foundation
import PDGateTesting
import Testing

/// The HTTP contract, checked from outside: schemathesis generates requests from `/openapi.json` (valid ones and
/// invalid ones, unknown methods, missing headers) against a real `pdgate serve` holding the demo customers, and
/// every check it has must pass: no server error, every status and content type documented, every response valid
/// by its schema, every schema-valid request accepted, every invalid one refused, 405 with `Allow` for methods a
/// path does not have.
///
/// The seed is fixed and the number of examples bounded, so a run is repeatable and takes about two minutes; a
/// failure prints schemathesis' summary (request shapes and statuses; the fixture is synthetic).
@Suite("The HTTP contract holds under schemathesis", .serialized)
struct SchemathesisTests {
    /// The version the Makefile's `test-deps` installs; another one draws other cases from the same seed.
    static let version = "4.32.5"
    static let seed = "20261206"
    /// Cases per operation in the fuzzing phase (the coverage phase adds its own, one per boundary it finds).
    static let examples = "30"

    @Test("schemathesis --checks all reports no failure (fixed seed, bounded examples)", .timeLimit(.minutes(6)))
    func contractHolds() async throws {
        guard await Self.installedVersion() == Self.version else {
            throw MissingTool("schemathesis \(Self.version) (python3 -m pip install schemathesis==\(Self.version), "
                                  + "or make test-deps)")
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-st-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let pdgate = PDGateRunner(data: root.appendingPathComponent("data"))
        let initialised = try await pdgate.run(["init"])
        try #require(initialised.status == 0, "pdgate init: \(initialised.stderr)")
        let imported = try await pdgate.run(["import", "Demo/customers-demo.csv"])
        try #require(imported.status == 0, "pdgate import: \(imported.stderr)")
        let created = try await pdgate.run(["token", "create", "--role", "privacy_officer", "--name", "schemathesis",
                                            "--days", "1"])
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(created.status == 0 && !token.isEmpty, "pdgate token create: \(created.stderr)")
        // The privacy center answers 503 until it can send codes: give it a mail server that accepts everything.
        let smtp = try await LocalSMTPServer.start(options: .init(startTLS: false))
        defer { smtp.stop() }
        // schemathesis' ignored_auth check sends wrong tokens on purpose: with the default limit their failures
        // would lock the client address out and turn the rest of the run into 429s.
        let server = try await ServeProcess.start(pdgate, arguments: [
            "--auth-failures", "1000000", "--smtp-host", "127.0.0.1", "--smtp-port", "\(smtp.port)",
            "--no-smtp-require-tls", "--smtp-from", "privacy@pdgate.test",
        ])
        defer { server.stop() }

        // The console's pages are fuzzed signed in, as the officer: the session cookie goes to schemathesis as the
        // consoleSession key of the document's security schemes.
        let session = try await Self.consoleSession(port: server.port, token: token)
        let configuration = root.appendingPathComponent("schemathesis.toml")
        try Data(Self.configuration.utf8).write(to: configuration)
        let environment = ProcessInfo.processInfo.environment.merging(
            ["NO_COLOR": "1", "COLUMNS": "160", "PDGATE_CONSOLE_SESSION": session]) { $1 }
        let output = try await ChildProcess.run(
            "/usr/bin/env", ["python3", "-m", "schemathesis.cli", "--config-file", configuration.path, "run",
                             server.base + "/openapi.json"] + Self.options(token: token),
            environment: environment,
            workingDirectory: root.path, combineErrorWithOutput: true)
        #expect(output.status == 0, "schemathesis found failures:\n\(Self.summary(of: output.stdout))")
        let ran = output.stdout.range(of: #"[1-9][0-9]* generated"#, options: .regularExpression) != nil
        #expect(ran, "schemathesis generated no test case:\n\(output.stdout.suffix(4_000))")
    }

    /// The run's options.
    static func options(token: String) -> [String] {
        [
            "--checks", "all",
            "--header", "Authorization: Bearer \(token)",
            "--seed", seed, "--max-examples", examples,
            "--phases", "examples,coverage,fuzzing",
            "--generation-database", "none",
            "--workers", "2",
            // The whole suite runs beside it on two cores: a request may wait its turn for long seconds, and a
            // timeout is reported as a runtime error of the run, not as a finding about the server.
            "--request-timeout", "90",
            // A redirect is an answer of its own (to the login page): following it would judge the login page
            // against the schema of the page that redirected.
            "--max-redirects", "0",
            "--no-color",
            // A real purge erases everyone whose retention ended (and, until previews alone may look ahead, anyone
            // for a far `asOf`): the people the rest of the run reads would be gone. The purge's schema and answers
            // are the dry run's, which runs. The other destructive calls cannot reach the fixture: running an
            // erasure or requeueing needs a reference or event id the run never learns (the document has no links
            // and the stateful phase is off), token revocation is not exposed over HTTP, and the console's forms
            // need the session's CSRF token, which schemathesis does not know.
            "--exclude-operation-id", "purgeRun",
            // Logging out would end the session the console's pages are fuzzed in.
            "--exclude-operation-id", "consoleLogout",
        ]
    }

    /// What the document says in words and schemathesis cannot read from it, per group of operations.
    static let configuration = """
        # The browser pages (console, privacy center) answer a request without a live session with 303 to their
        # login or start page, as documented, rather than 401 (and a privacy-center download link of another
        # session with 410): a missing or unknown session cookie is not refused, it is sent to sign in.
        [[operations]]
        include-tag = ["console", "privacy"]
        checks.negative_data_rejection.expected-statuses = [
          "303", "400", "401", "403", "404", "405", "406", "409", "410", "415", "422", "428", "429", "5xx",
        ]

        # 422 is the documented answer to a well-formed request whose values break a rule a JSON schema cannot
        # state (an e-mail or phone that does not normalise, exactly one of e-mail and phone, a purpose or field
        # missing from the policies); 400 (the request does not match its schema) stays a failure.
        [checks.positive_data_acceptance]
        expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

        # A random one-time token of the privacy center is indistinguishable from a used or expired one: 410.
        [[operations]]
        include-tag = "privacy"
        checks.positive_data_acceptance.expected-statuses = [
          "2xx", "3xx", "401", "403", "404", "409", "410", "422", "429", "5xx",
        ]

        [auth.openapi.consoleSession]
        api_key = "${PDGATE_CONSOLE_SESSION}"
        """

    /// Logs in through the console's form (its pre-session cookie and CSRF token, then the token) and returns the
    /// session id; the token travels in the environment, never on a command line.
    static func consoleSession(port: Int, token: String) async throws -> String {
        let script = """
            import http.client, os, re, urllib.parse
            def cookie(response, name):
                for key, value in response.getheaders():
                    if key.lower() == "set-cookie" and value.startswith(name + "="):
                        return value.split(";")[0].split("=", 1)[1]
                raise SystemExit("no " + name + " cookie")
            connection = http.client.HTTPConnection("127.0.0.1", int(os.environ["PDGATE_PORT"]))
            connection.request("GET", "/console/login")
            page = connection.getresponse()
            html = page.read().decode()
            login = cookie(page, "pdgate_login")
            csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
            body = urllib.parse.urlencode({"csrf": csrf, "token": os.environ["PDGATE_TOKEN"]})
            connection.request("POST", "/console/login", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": "pdgate_login=" + login})
            answer = connection.getresponse()
            answer.read()
            print(cookie(answer, "pdgate_session"))
            """
        let environment = ProcessInfo.processInfo.environment.merging(
            ["PDGATE_PORT": "\(port)", "PDGATE_TOKEN": token]) { $1 }
        let output = try await ChildProcess.run("/usr/bin/env", ["python3", "-c", script], environment: environment)
        let session = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(output.status == 0 && !session.isEmpty, "console login failed: \(output.stderr)")
        return session
    }

    /// The installed schemathesis version, or nil.
    static func installedVersion() async -> String? {
        guard let output = try? await ChildProcess.run(
            "/usr/bin/env", ["python3", "-c", "import schemathesis; print(schemathesis.__version__)"]),
            output.status == 0
        else { return nil }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The failures section and the summary of schemathesis' report (the whole report when it has neither).
    static func summary(of report: String) -> String {
        if let start = report.range(of: "FAILURES") ?? report.range(of: "SUMMARY") {
            return String(report[start.lowerBound...].prefix(60_000))
        }
        return String(report.suffix(8_000))
    }
}
