import Foundation
import PDGateTesting
import Testing

/// `pdgate request review`: the officer releases an access answer's flagged free text from the command line.
@Suite("pdgate request review", .serialized)
struct RequestReviewCLITests {
    @Test("A flagged note is released redacted; an unflagged field is refused as a usage of the wrong field")
    func releaseRedactedNote() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let env = ["PDGATE_DATA": data.path]
        let csv = data.deletingLastPathComponent().appendingPathComponent("\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: csv) }
        try ("ФИО;Телефон;Email;Заметки\nКузнецова Мария Петровна;+79160000022;maria.k@example.com;Дочь Маша, 7 лет\n")
            .write(to: csv, atomically: true, encoding: .utf8)
        #expect(try await PDGateProcess.run(["init"], environment: env).status == 0)
        #expect(try await PDGateProcess.run(["import", csv.path, "--no-progress"], environment: env).status == 0)
        let created = try await PDGateProcess.run(["request", "create", "--kind", "access", "--email",
                                                   "maria.k@example.com", "--json"], environment: env)
        let json = try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any]
        let reference = try #require(json?["reference"] as? String)
        #expect(try await PDGateProcess.run(["request", "verify", reference, "--method", "email_code"],
                                            environment: env).status == 0)
        #expect(try await PDGateProcess.run(["request", "run", reference], environment: env).status == 0)
        let wrong = try await PDGateProcess.run(["request", "review", reference, "--release", "email=x"],
                                                environment: env)
        #expect(wrong.status == 1 && wrong.stderr.contains("not flagged for review"))
        let reviewed = try await PDGateProcess.run(
            ["request", "review", reference, "--release", "notes=Дочь (данные третьего лица удалены)"],
            environment: env)
        #expect(reviewed.status == 0, "\(reviewed.stderr)")
        #expect(reviewed.stdout.contains("redacted or withheld: notes"))
        #expect(!reviewed.stdout.contains("Маша") && !reviewed.stderr.contains("Маша"))
    }
}
