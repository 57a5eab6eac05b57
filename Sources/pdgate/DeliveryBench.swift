import ConnectorKit
import Core
import Foundation
import Gateway
import Import

/// The scratch data directory of `pdgate bench deliver`: a copy of the policies (with the Roskomnadzor notification
/// of the transfer to Mailchimp, without which the policy sends Mailchimp nobody, and this operating-system account
/// as privacy officer), a fresh vault and a connectors.json pointing at the emulators.
struct DeliverySetup {
    let work: URL
    let policies: URL

    static let mailchimpKey = "0123456789abcdef0123456789abcdef-us14"
    static let unisenderKey = "unisender-test-key"

    init(work: URL, policies: URL) throws {
        self.work = work
        self.policies = policies
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    var data: URL { work.appendingPathComponent("data") }

    /// Writes the policies copy and connectors.json, initialises the vault, and returns the options the commands
    /// would be run with (`--data`, `--policies`).
    func prepare(mailchimpPort: Int, unisenderPort: Int) async throws -> GlobalOptions {
        let copy = work.appendingPathComponent("policies")
        try FileManager.default.copyItem(at: policies, to: copy)
        try append("\ntransfer_notifications:\n  mailchimp: {date: 2025-03-14, reference: BENCH}\n",
                   to: copy.appendingPathComponent("operator.yaml"), unless: "\ntransfer_notifications:")
        let account = Principal.operatingSystemAccount
        try append("  \(account):\n    role: privacy_officer\n    name: Bench\n    position: bench\n",
                   to: copy.appendingPathComponent("roles.yaml"), unless: "\n  \(account):\n")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        setenv("PDGATE_BENCH_MAILCHIMP_KEY", Self.mailchimpKey, 1)
        setenv("PDGATE_BENCH_UNISENDER_KEY", Self.unisenderKey, 1)
        let connectors = """
            {"connectors": [
              {"name": "mailchimp", "purposes": ["marketing_email"], "baseURL": "http://127.0.0.1:\(mailchimpPort)/3.0",
               "credentials": {"apiKey": {"env": "PDGATE_BENCH_MAILCHIMP_KEY"}}, "settings": {"listID": "a1b2c3d4e5"}},
              {"name": "unisender", "purposes": ["marketing_email"], "baseURL": "http://127.0.0.1:\(unisenderPort)",
               "credentials": {"apiKey": {"env": "PDGATE_BENCH_UNISENDER_KEY"}}, "settings": {"listIDs": [134]}}
            ]}
            """
        try Data(connectors.utf8).write(to: data.appendingPathComponent("connectors.json"))
        let options = try GlobalOptions.parse(["--data", data.path, "--policies", copy.path])
        _ = try await Gateway.initialise(options.directory, policies: try options.loadPolicies(),
                                         notices: options.notices, principal: options.principal)
        return options
    }

    private func append(_ text: String, to file: URL, unless marker: String) throws {
        let current = try String(contentsOf: file, encoding: .utf8)
        guard !current.contains(marker) else { return }
        try Data((current + (current.hasSuffix("\n") ? "" : "\n") + text).utf8).write(to: file)
    }

    /// The bench's people: `Фамилия Имя Отчество` names and `deliver<i>@example.com`, all consenting to the
    /// mailing with attested evidence (proven consent).
    static func email(_ index: Int) -> String { "deliver\(index)@example.com" }

    /// Imports `count` consented people into `gateway` (the import queues their upserts for both connectors).
    func importPeople(_ count: Int, into gateway: Gateway) throws -> ImportReport {
        let families = ["Иванова", "Петров", "Смирнова", "Кузнецов", "Волкова", "Орлов"]
        let given = ["Анна", "Иван", "Мария", "Пётр", "Ольга", "Сергей"]
        let patronymics = ["Петровна", "Сергеевич", "Ивановна", "Олегович"]
        let csv = work.appendingPathComponent("people.csv")
        var text = "ФИО;Email;Согласие на рассылку\n"
        for index in 0..<count {
            text += "\(families[index % 6]) \(given[(index / 6) % 6]) \(patronymics[(index / 36) % 4]);"
                + "\(Self.email(index));да\n"
        }
        try Data(text.utf8).write(to: csv)
        return try gateway.importCSV(csv, options: ImportOptions(consentEvidence: "bench: signed forms"),
                                     principal: Principal(name: "bench", role: "privacy_officer"))
    }
}
