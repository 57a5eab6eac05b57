import Core
import ConnectorKit
import Foundation
import Gateway
import Import
import Keyring
import Logging
import PDGateTesting
import Policy
import Storage
import Synchronization
import Vault

/// A gateway on a fresh data directory with a clock the explorer moves, the customers' spreadsheet, Mailchimp and
/// UniSender emulators it sends the people to, and the model of what pdgate must say after every step.
final class InvariantWorld: @unchecked Sendable {
    static let officer = Principal(name: "test:officer", role: "privacy_officer")
    /// How many people the explorer's sequences pick from.
    static let people = 8
    /// How many people this world's spreadsheet holds.
    let people: Int
    /// Both mailing services serve e-mail marketing: a change must reach each of them.
    static let routes = [
        ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"]),
        ConnectorRoute(name: "unisender", purposes: ["marketing_email"]),
    ]

    let directory: DataDirectory
    let backups: URL
    let spreadsheet: URL
    let policies: PolicySet
    /// The folder `policies` was loaded from (for `pdgate` processes).
    let policiesFolder: URL
    let clock: MovableClock
    let services: InvariantServices
    /// Replaced when a restore reopens the data directory.
    var gateway: Gateway

    // The model.
    var ids: [Int: SubjectID] = [:]
    /// People erased (in full, or all but the held fields) or purged: never found again.
    var gone: Set<Int> = []
    /// Each erasure: whose, when, and the fields it destroyed.
    var erasures: [(subject: SubjectID, at: Date, fields: Set<String>)] = []
    /// The person's last own choice per purpose: true given (proven), false withdrawn.
    var choices: [Int: [String: Bool]] = [:]
    /// Every choice in order (whether the person ever left a service).
    var choiceLog: [(person: Int, purpose: String, given: Bool)] = []
    /// Names the officer corrected.
    var names: [Int: String] = [:]
    /// Backups taken: how many erasures had been recorded by then, the names then, and the two files.
    var backupFiles: [Backup] = []
    /// Backups opened (from copies: opening migrates), by index.
    private var openedBackups: [Int: (vault: Vault, keyring: Keyring)] = [:]
    /// Erasure–vault backup–key backup triples already found unreadable (backups never change).
    var clearedPairs: Set<String> = []

    struct Backup {
        var afterErasures: Int
        var names: [Int: String]
        var vault: URL
        var keys: URL
    }

    /// The PostgreSQL URLs of the vault and key store (nil: SQLite files in the data directory), for child processes.
    let databaseURLs: (vault: String?, keys: String?)

    init(database: String?, keyDatabase: String?, services: InvariantServices,
         people: Int = InvariantWorld.people) async throws {
        self.people = people
        databaseURLs = (database, keyDatabase)
        self.services = services
        try await services.reset()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-inv-\(UUID().uuidString)")
        directory = DataDirectory(root: root.appendingPathComponent("data"),
                                  database: try database.map(DatabaseLocation.init(parsing:)),
                                  keyDatabase: try keyDatabase.map(DatabaseLocation.init(parsing:)))
        backups = root.appendingPathComponent("backups")
        spreadsheet = root.appendingPathComponent("customers.csv")
        clock = MovableClock(Date())
        policies = try GatewaySyncTests.policiesWithTransfers(in: root)
        policiesFolder = root.appendingPathComponent("policies")
        _ = try await Gateway.initialise(directory, policies: policies, notices: GatewaySyncTests.notices,
                                         principal: Self.officer, logger: Self.quiet)
        gateway = try Self.open(directory, policies: policies, clock: clock)
        try KilledCommand.writeConnectors(for: self)
        try Self.spreadsheetText(people: people).write(to: spreadsheet, atomically: true, encoding: .utf8)
        let gateway = self.gateway
        let spreadsheet = self.spreadsheet
        _ = try await Self.offPool { try gateway.importCSV(spreadsheet, options: ImportOptions(), principal: Self.officer) }
        for person in 0..<people {
            ids[person] = try await gateway.findSubjects(.email(Self.email(person)), principal: Self.officer).first
        }
    }

    static let quiet = Logger(label: "pdgate.invariants") { _ in SwiftLogNoOpLogHandler() }

    /// The gateway over `directory`, sending to both mailing services, on the explorer's clock.
    static func open(_ directory: DataDirectory, policies: PolicySet, clock: MovableClock) throws -> Gateway {
        try Gateway(directory: directory, policies: policies, notices: GatewaySyncTests.notices, connectors: routes,
                    logger: quiet, clock: { clock.now })
    }

    var now: Date { clock.now }

    /// Whether a `pdgate` process (on the real clock) may work beside this world: only while the explorer's clock
    /// has not been moved on by more than an hour (a purge moves it days), so no record it writes is dated before
    /// the world's own.
    var realClockAgrees: Bool { clock.now.timeIntervalSince(Date()) < 3_600 }

    /// Runs blocking work (an import holds its thread for the whole file) on a thread of its own, so the 2-core
    /// machine's cooperative pool stays free for the suites running beside this one.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    func advance(days: Int) {
        clock.advance(Double(days) * 86_400)
    }

    func advance(seconds: TimeInterval) {
        clock.advance(seconds)
    }

    /// Records the person's own choice in the model.
    func choose(_ person: Int, purpose: String, given: Bool) {
        choices[person, default: [:]][purpose] = given
        choiceLog.append((person, purpose, given))
    }

    /// Backup `index`'s vault and key store, opened from copies once.
    func backupStores(_ index: Int) throws -> (vault: Vault, keyring: Keyring) {
        if let opened = openedBackups[index] { return opened }
        let backup = backupFiles[index]
        let folder = directory.root.deletingLastPathComponent().appendingPathComponent("opened-\(index)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let vaultCopy = folder.appendingPathComponent("vault.sqlite")
        let keysCopy = folder.appendingPathComponent("keys.sqlite")
        try FileManager.default.copyItem(at: backup.vault, to: vaultCopy)
        try FileManager.default.copyItem(at: backup.keys, to: keysCopy)
        let opened = (try Vault(url: vaultCopy), try Keyring(masterKeyURL: directory.masterKey, keyStoreURL: keysCopy))
        openedBackups[index] = opened
        return opened
    }

    func remove() {
        for opened in openedBackups.values {
            try? opened.vault.close()
            try? opened.keyring.close()
        }
        try? gateway.vault.close()
        try? FileManager.default.removeItem(at: directory.root.deletingLastPathComponent())
    }

    static func email(_ person: Int) -> String { "person\(person).inv@example.com" }

    /// The customers' spreadsheet as it was on the first day: every third person a customer with a purchase, every
    /// other one ticked "да" for mailings.
    static func spreadsheetText(people: Int) -> String {
        var lines = ["ФИО;Телефон;Email;Источник;Дата первого контакта;Дата последней покупки;"
            + "Сумма последней покупки;Статус;День рождения;Компания;ИНН;Теги;Согласие на рассылку;Менеджер;Заметки"]
        for person in 0..<people {
            let customer = person % 3 == 0
            lines.append([
                "Человеков\(person) Иван", "+7 916 2\(String(format: "%02d", person / 100))-\(String(format: "%02d", person % 100))-10", email(person), "сайт", "10.01.2025",
                customer ? "15.03.2026" : "", customer ? "1500" : "", customer ? "покупатель" : "лид",
                "01.02.1990", "", "", "vip", person % 2 == 0 ? "да" : "нет", "", "звонил в марте",
            ].joined(separator: ";"))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The explorer's clock: the gateway reads it, the explorer moves it forward, and the dispatcher's waits between
/// retries move it instead of sleeping.
final class MovableClock: DispatchClock {
    private let date: Mutex<Date>
    init(_ start: Date) { date = Mutex(start) }
    var now: Date { date.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
    func sleep(until deadline: Date) async throws {
        try Task.checkCancellation()
        date.withLock { $0 = max($0, deadline) }
    }
}
