import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// After a full run through the executable (import, reads, requests with an access export, an erasure with its act,
/// a purge, a backup, a connector sync, a key rotation, the HTTP server with its metrics and logs), no fixture
/// e-mail, phone or name appears in clear in any file of the data directory or the backup folder, in any log line,
/// or in the metrics; only the outputs meant to show a person (`subject show`) may hold them.
@Suite("Secrets scan after the end-to-end run", .serialized)
struct SecretsScanTests {
    /// The demo file's people: e-mails, phones (last ten digits) and names (surname and given name).
    struct Fixture {
        var emails: Set<String> = []
        var phones: Set<String> = []
        var names: Set<String> = []

        init(csv: String) {
            for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
                let columns = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                guard columns.count > 2 else { continue }
                let words = columns[0].split(whereSeparator: { !$0.isLetter }).map(String.init)
                if words.count >= 2 { names.insert(words[0] + " " + words[1]) }
                let digits = columns[1].filter(\.isNumber)
                if digits.count >= 10 { phones.insert(String(digits.suffix(10))) }
                let email = columns[2].trimmingCharacters(in: .whitespaces).lowercased()
                if email.contains("@") { emails.insert(email) }
            }
        }

        /// What of the fixture appears in `bytes`: e-mails and names as text, phones as ten-digit windows.
        func hits(in bytes: Data) -> [String] {
            let text = String(decoding: bytes, as: UTF8.self).lowercased()
            var found: [String] = []
            let emailWords = text.split(whereSeparator: { !($0.isLetter || $0.isNumber || ".-_+@".contains($0)) })
            for word in emailWords where word.contains("@") && emails.contains(String(word)) {
                found.append("e-mail")
            }
            let words = String(decoding: bytes, as: UTF8.self).split(whereSeparator: { !$0.isLetter }).map(String.init)
            for (first, second) in zip(words, words.dropFirst()) where names.contains(first + " " + second) {
                found.append("name")
            }
            var run = ""
            for character in text + " " {
                if character.isASCII && character.isNumber {
                    run.append(character)
                } else {
                    if run.count >= 10 {
                        let chars = Array(run)
                        for start in 0...(chars.count - 10) where phones.contains(String(chars[start..<start + 10])) {
                            found.append("phone")
                        }
                    }
                    run = ""
                }
            }
            return found
        }
    }

    @Test("No fixture e-mail, phone or name in any database, WAL, backup, report, export, act, log or metric")
    func nothingInClear() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-scan-\(UUID().uuidString)")
        let data = root.appendingPathComponent("data")
        let backups = root.appendingPathComponent("backups")
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = PDGateRunner.root.appendingPathComponent("Demo/customers-demo.csv")
        let fixture = Fixture(csv: try String(contentsOf: demo, encoding: .utf8))
        #expect(fixture.emails.count > 150 && fixture.phones.count > 150 && fixture.names.count > 60)
        // The scanner finds them where they are in clear.
        let source = fixture.hits(in: try Data(contentsOf: demo))
        #expect(source.filter { $0 == "e-mail" }.count > 150 && source.filter { $0 == "name" }.count > 150)

        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let pdgate = PDGateRunner(data: data, environment: ["PDGATE_TEST_WEBHOOK_SECRET": WebhookReceiver.secret])
        var logs: [(String, String)] = []
        func run(_ arguments: [String], showsPerson: Bool = false) async throws -> PDGateRunner.Output {
            let output = try await pdgate.run(arguments + (arguments.first == "serve" ? [] : ["--verbose"]))
            #expect(output.status == 0, "\(arguments.joined(separator: " ")): \(output.stderr)")
            logs.append(("stderr of \(arguments.prefix(2).joined(separator: " "))", output.stderr))
            if !showsPerson { logs.append(("stdout of \(arguments.prefix(2).joined(separator: " "))", output.stdout)) }
            return output
        }
        _ = try await run(["init"])
        try Data(receiver.connectorsJSON().utf8).write(to: data.appendingPathComponent("connectors.json"))
        _ = try await run(["import", demo.path, "--no-progress"])
        let id = try await run(["subject", "find", "--email", "customer1@example.com"], showsPerson: true)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await run(["subject", "show", id], showsPerson: true)
        _ = try await run(["audit", "extract", "--subject", id])
        for (kind, email) in [("access", "customer2@example.com"), ("erasure", "customer3@example.com")] {
            let created = try await run(["request", "create", "--kind", kind, "--email", email, "--json"]).json
            let reference = try #require(created["reference"] as? String)
            _ = try await run(["request", "verify", reference, "--method", "email_code"])
            _ = try await run(["request", "run", reference], showsPerson: kind == "access")  // prints the delivery key
        }
        _ = try await run(["erase", id, "--reason", "secrets scan"])
        // A run erases only what is due today (a later date is a preview only); the preview looks ahead.
        _ = try await run(["purge", "--dry-run", "--as-of", "2031-01-01"])
        _ = try await run(["purge"])
        _ = try await run(["connectors", "sync", "--drain", "--lease-seconds", "1"])
        _ = try await run(["keys", "rotate"])
        _ = try await run(["backup", backups.path])
        _ = try await run(["stats"])
        _ = try await run(["check"])
        let token = try await run(["token", "create", "--role", "privacy_officer", "--name", "scan"], showsPerson: true)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        logs.append(("metrics and server logs", try await serve(pdgate, token: token)))

        var places: [(String, Data)] = logs.map { ($0.0, Data($0.1.utf8)) }
        for folder in [data, backups] {
            let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL } ?? []
            for file in files where (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                places.append((file.path.replacingOccurrences(of: root.path, with: ""), try Data(contentsOf: file)))
            }
        }
        let scanned = places.map(\.0)
        #expect(scanned.contains { $0.contains("vault.sqlite-wal") || $0.hasSuffix("vault.sqlite") })
        #expect(scanned.contains { $0.contains("/backups/keys/") } && scanned.contains { $0.contains("/backups/vault/") })
        #expect(scanned.contains { $0.contains("/exports/") } && scanned.contains { $0.contains("/acts/") })
        var bytes = 0
        for (place, content) in places {
            bytes += content.count
            // A destruction act names the person whose data it destroyed (Order 179), for the act's own 3 years;
            // their e-mail and phone never appear in it.
            let hits = fixture.hits(in: content).filter { !(place.contains("/acts/") && $0 == "name") }
            #expect(hits.isEmpty, "\(Set(hits).sorted()) in clear in \(place)")
        }
        print("secrets-scan-summary places=\(places.count) bytes=\(bytes) emails=\(fixture.emails.count) "
              + "phones=\(fixture.phones.count) names=\(fixture.names.count) hits=0")
    }

    /// Runs `pdgate serve`, calls the API and the metrics, stops it with SIGTERM; returns metrics and server logs.
    func serve(_ pdgate: PDGateRunner, token: String) async throws -> String {
        let server = try await ServeProcess.start(pdgate, arguments: ["--log-level", "debug"])
        let api = APIClient(base: server.base, token: token)
        let found = try await api.post("/subjects/search", ["email": "customer5@example.com"])
        if let id = (found.json["subjects"] as? [String])?.first {
            _ = try await api.get("/subjects/\(id)")   // the answer is meant to hold the person: not scanned
        }
        _ = try await api.get("/subjects?email=customer6%40example.com")
        let (metrics, _) = try await URLSession.shared.data(from: URL(string: server.base + "/metrics")!)
        #expect(String(decoding: metrics, as: UTF8.self).contains("pdgate_"))
        return String(decoding: metrics, as: UTF8.self) + "\n" + server.stop()
    }
}
