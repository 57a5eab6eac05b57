import Foundation
import Gateway
import Keyring
import Logging
import PDGateTesting
import Policy
import Storage
import Synchronization
import Vault

/// A gateway on a fresh data directory with a clock the explorer moves, the customers' spreadsheet, and the model of
/// what pdgate must say after every step.
final class InvariantWorld: @unchecked Sendable {
    static let officer = Principal(name: "test:officer", role: "privacy_officer")
    static let people = 8

    let directory: DataDirectory
    let backups: URL
    let spreadsheet: URL
    let gateway: Gateway
    private let clock: MovableClock

    // The model.
    var ids: [Int: SubjectID] = [:]
    /// People erased (in full, or all but the held fields) or purged: never found again.
    var gone: Set<Int> = []
    /// Each erasure: whose, when, and the fields it destroyed.
    var erasures: [(subject: SubjectID, at: Date, fields: Set<String>)] = []
    /// The person's last own choice per purpose: true given (proven), false withdrawn.
    var choices: [Int: [String: Bool]] = [:]
    /// Names the officer corrected.
    var names: [Int: String] = [:]
    /// Backups taken: how many erasures had been recorded by then, and the two files.
    var backupFiles: [(afterErasures: Int, vault: URL, keys: URL)] = []

    init(database: DatabaseLocation?, keyDatabase: DatabaseLocation?) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-inv-\(UUID().uuidString)")
        directory = DataDirectory(root: root.appendingPathComponent("data"), database: database,
                                  keyDatabase: keyDatabase)
        backups = root.appendingPathComponent("backups")
        spreadsheet = root.appendingPathComponent("customers.csv")
        let start = Date()
        clock = MovableClock(start)
        let policies = try PolicySet.load(from: Repository.policies)
        let notices = NoticeLibrary(directory: Repository.policies.appendingPathComponent("notices"))
        let quiet = Logger(label: "pdgate.invariants") { _ in SwiftLogNoOpLogHandler() }
        _ = try await Gateway.initialise(directory, policies: policies, notices: notices, principal: Self.officer,
                                         logger: quiet)
        let clock = self.clock
        gateway = try Gateway(directory: directory, policies: policies, notices: notices, logger: quiet,
                              clock: { clock.now })
        try Self.spreadsheetText().write(to: spreadsheet, atomically: true, encoding: .utf8)
        let gateway = self.gateway
        let spreadsheet = self.spreadsheet
        _ = try await Self.offPool { try gateway.importCSV(spreadsheet, options: ImportOptions(), principal: Self.officer) }
        for person in 0..<Self.people {
            ids[person] = try await gateway.findSubjects(.email(Self.email(person)), principal: Self.officer).first
        }
    }

    var now: Date { clock.now }

    /// Runs blocking work (an import holds its thread for the whole file) on a thread of its own, so the 2-core
    /// machine's cooperative pool stays free for the suites running beside this one.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    func advance(days: Int) {
        advance(seconds: Double(days) * 86_400)
    }

    func advance(seconds: TimeInterval) {
        clock.advance(seconds)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory.root.deletingLastPathComponent())
    }

    static func email(_ person: Int) -> String { "person\(person).inv@example.com" }

    /// The customers' spreadsheet as it was on the first day: every third person a customer with a purchase, every
    /// other one ticked "да" for mailings.
    static func spreadsheetText() -> String {
        var lines = ["ФИО;Телефон;Email;Источник;Дата первого контакта;Дата последней покупки;"
            + "Сумма последней покупки;Статус;День рождения;Компания;ИНН;Теги;Согласие на рассылку;Менеджер;Заметки"]
        for person in 0..<people {
            let customer = person % 3 == 0
            lines.append([
                "Человеков\(person) Иван", "+7 916 200-00-\(10 + person)", email(person), "сайт", "10.01.2025",
                customer ? "15.03.2026" : "", customer ? "1500" : "", customer ? "покупатель" : "лид",
                "01.02.1990", "", "", "vip", person % 2 == 0 ? "да" : "нет", "", "звонил в марте",
            ].joined(separator: ";"))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The explorer's clock: the gateway reads it, the explorer moves it forward.
final class MovableClock: Sendable {
    private let date: Mutex<Date>
    init(_ start: Date) { date = Mutex(start) }
    var now: Date { date.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
