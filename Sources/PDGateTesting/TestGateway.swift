public import Core
public import Foundation
public import Gateway
public import Import
import Policy

/// A gateway on a fresh data directory in the temp folder, on the shipped policies, with its logs captured.
public struct TestGateway: Sendable {
    public let gateway: Gateway
    public let directory: DataDirectory
    public let logs: CapturedLogs
    /// The privacy officer tests act as.
    public static let officer = Principal(name: "test:officer", role: "privacy_officer")

    public init(gateway: Gateway, directory: DataDirectory, logs: CapturedLogs) {
        self.gateway = gateway
        self.directory = directory
        self.logs = logs
    }

    /// Initialises a data directory and opens a gateway on it.
    public static func make() async throws -> TestGateway {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-gw-\(UUID().uuidString)")
        let directory = DataDirectory(root: root)
        let logs = CapturedLogs()
        let policies = try PolicySet.load(from: Repository.policies)
        let gateway = try await Gateway.initialise(
            directory, policies: policies,
            notices: NoticeLibrary(directory: Repository.policies.appendingPathComponent("notices")),
            principal: officer, logger: logs.makeLogger())
        return TestGateway(gateway: gateway, directory: directory, logs: logs)
    }

    /// Imports a CSV file as the officer.
    public func importFile(_ url: URL, options: ImportOptions = ImportOptions()) throws -> ImportReport {
        try gateway.importCSV(url, options: options, principal: Self.officer)
    }

    /// Imports on a thread of its own: a big file holds its thread for the whole import, and on a 2-core machine
    /// the cooperative pool must stay free for the suites running beside this one (or their time limits pass).
    public func importFileOffPool(_ url: URL, options: ImportOptions = ImportOptions()) async throws -> ImportReport {
        let gateway = self.gateway
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try gateway.importCSV(url, options: options, principal: Self.officer) })
            }
        }
    }

    /// Writes `text` to a CSV file beside the data directory (in a folder ``cleanup()`` removes with it) and returns
    /// its URL.
    public func csv(_ text: String, name: String = "input.csv", encoding: String.Encoding = .utf8) throws -> URL {
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let url = inputs.appendingPathComponent("\(UUID().uuidString)-\(name)")
        guard let data = text.data(using: encoding) else { throw TestSetupError("text not representable in \(encoding)") }
        try data.write(to: url)
        return url
    }

    /// The same data directory opened with another clock (for deadlines and retention).
    public func at(_ date: Date) throws -> Gateway {
        try Gateway(directory: directory, policies: gateway.policies, notices: gateway.notices,
                    logger: logs.makeLogger(), clock: { date })
    }

    /// Imports one person from a row of the shared customer layout and returns their id.
    public func person(_ row: String) async throws -> SubjectID {
        let header = "ФИО;Телефон;Email;Источник;Дата первого контакта;Дата последней покупки;"
            + "Сумма последней покупки;Статус;День рождения;Компания;ИНН;Теги;Согласие на рассылку;Менеджер;Заметки"
        _ = try importFile(try csv(header + "\n" + row + "\n"))
        let email = row.split(separator: ";", omittingEmptySubsequences: false)[2]
        guard let id = try await gateway.findSubjects(.email(String(email)), principal: Self.officer).first else {
            throw TestSetupError("the imported row was not found by its e-mail")
        }
        return id
    }

    /// The folder beside the data directory that input files are written to (outside it: an import reads files
    /// the operator gives, never the gateway's own).
    public var inputs: URL {
        directory.root.deletingLastPathComponent().appendingPathComponent(directory.root.lastPathComponent + "-inputs")
    }

    /// Removes the data directory and the input files written for it.
    public func cleanup() {
        try? FileManager.default.removeItem(at: directory.root)
        try? FileManager.default.removeItem(at: inputs)
    }
}
