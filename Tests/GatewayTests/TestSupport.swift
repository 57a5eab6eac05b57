import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Testing
import Logging
import Policy

/// Paths of the repository and the shared test data, found from this file's location.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let policies = root.appendingPathComponent("Policies")
    /// `../shared/data` beside the checkout, or `$PDGATE_SHARED_DATA` (a checkout elsewhere, such as a worktree).
    static let sharedData = ProcessInfo.processInfo.environment["PDGATE_SHARED_DATA"].map { URL(fileURLWithPath: $0) }
        ?? root.deletingLastPathComponent().appendingPathComponent("shared/data")
    static let demo = root.appendingPathComponent("Demo/customers-demo.csv")

    static func fixture(_ name: String) -> URL { sharedData.appendingPathComponent(name) }

    /// The repository's policies with one text of one policy file replaced, loaded from a copy (the text must be
    /// there, so a changed file cannot make the edit silently do nothing).
    static func policies(editing file: String, replacing old: String, with new: String) throws -> PolicySet {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-policies-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: policies, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let url = copy.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        try #require(text.contains(old), "\(file) no longer holds the text a test edits")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        return try PolicySet.load(from: copy)
    }
}

/// A gateway on a fresh data directory in the temp folder.
struct TestGateway {
    let gateway: Gateway
    let directory: DataDirectory
    let logs: CapturedLogs
    static let officer = Principal(name: "test:officer", role: "privacy_officer")

    static func make() async throws -> TestGateway {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-gw-\(UUID().uuidString)")
        let directory = DataDirectory(root: root)
        let logs = CapturedLogs()
        let policies = try PolicySet.load(from: Repository.policies)
        let gateway = try await Gateway.initialise(
            directory, policies: policies, notices: NoticeLibrary(directory: Repository.policies.appendingPathComponent("notices")),
            principal: officer, logger: logs.makeLogger())
        return TestGateway(gateway: gateway, directory: directory, logs: logs)
    }

    func importFile(_ url: URL, options: ImportOptions = ImportOptions()) throws -> ImportReport {
        try gateway.importCSV(url, options: options, principal: Self.officer)
    }

    /// Imports on a thread of its own: a big file holds its thread for the whole import, and on a 2-core machine
    /// the cooperative pool must stay free for the suites running beside this one (or their time limits pass).
    func importFileOffPool(_ url: URL, options: ImportOptions = ImportOptions()) async throws -> ImportReport {
        let gateway = self.gateway
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try gateway.importCSV(url, options: options, principal: Self.officer) })
            }
        }
    }

    /// Writes `text` to a CSV file in the data directory's parent and returns its URL.
    func csv(_ text: String, name: String = "input.csv", encoding: String.Encoding = .utf8) throws -> URL {
        let url = directory.root.deletingLastPathComponent().appendingPathComponent("\(UUID().uuidString)-\(name)")
        try text.data(using: encoding)!.write(to: url)
        return url
    }

    /// The same data directory opened with another clock (for deadlines and retention).
    func at(_ date: Date) throws -> Gateway {
        try Gateway(directory: directory, policies: gateway.policies, notices: gateway.notices,
                    logger: logs.makeLogger(), clock: { date })
    }

    /// Imports one person and returns their id.
    func person(_ row: String) async throws -> SubjectID {
        let header = "ФИО;Телефон;Email;Источник;Дата первого контакта;Дата последней покупки;"
            + "Сумма последней покупки;Статус;День рождения;Компания;ИНН;Теги;Согласие на рассылку;Менеджер;Заметки"
        _ = try importFile(try csv(header + "\n" + row + "\n"))
        let email = row.split(separator: ";", omittingEmptySubsequences: false)[2]
        return try #require(try await gateway.findSubjects(.email(String(email)), principal: Self.officer).first)
    }

    func cleanup() {
        try? FileManager.default.removeItem(at: directory.root)
    }
}

/// A date from `YYYY-MM-DD HH:mm` in Moscow time.
func moscow(_ text: String) -> Date {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    formatter.timeZone = TimeZone(identifier: "Europe/Moscow")
    return formatter.date(from: text)!
}

/// The expectations of a shared fixture's manifest.
struct Manifest: Decodable {
    struct Summary: Decodable {
        let rows: Int
        let people: Int
        let merge: Int
        let reject: Int
    }

    struct Row: Decodable {
        let row: Int
        let expect: String
        let person: Int?
        let phone: String?
        let email: String?
        let why: String?
    }

    let summary: Summary
    let rows: [Row]

    static func load(_ name: String) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: Repository.fixture(name)))
    }
}
