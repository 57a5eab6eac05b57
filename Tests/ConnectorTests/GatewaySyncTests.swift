import Core
import ConnectorKit
import Foundation
import Gateway
import Import
import Keyring
import MailchimpConnector
import Policy
import Testing

/// The whole path: a vault change writes an outbox event in its own transaction, the dispatcher delivers it to the
/// Mailchimp emulator, and only consented people, with only their purpose's fields, ever reach it.
@Suite("Gateway to Mailchimp through the outbox", .serialized, .timeLimit(.minutes(2)))
struct GatewaySyncTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let officer = Principal(name: "test:officer", role: "privacy_officer")
    static let list = "a1b2c3d4e5"

    static func makeGateway() async throws -> Gateway {
        let directory = DataDirectory(root: FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-sync-\(UUID().uuidString)"))
        let policies = try policiesWithTransfers(in: directory.root)
        return try await Gateway.initialise(directory, policies: policies, notices: notices, principal: officer)
    }

    static var notices: NoticeLibrary { NoticeLibrary(directory: root.appendingPathComponent("Policies/notices")) }

    /// The repository's policies, copied under `folder`, with the Roskomnadzor notification of the cross-border
    /// transfer to Mailchimp recorded (without it, the policy sends Mailchimp nobody).
    static func policiesWithTransfers(in folder: URL) throws -> PolicySet {
        let copy = folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("Policies"), to: copy)
        let operatorFile = copy.appendingPathComponent("operator.yaml")
        try Data((try String(contentsOf: operatorFile, encoding: .utf8)
            + "\ntransfer_notifications:\n  mailchimp: {date: 2025-03-14, reference: RKN-TEST}\n").utf8)
            .write(to: operatorFile)
        return try PolicySet.load(from: copy)
    }

    static func dispatcher(_ gateway: Gateway, _ emulator: Emulator) throws -> OutboxDispatcher {
        let connector = try MailchimpConnector(
            apiKey: Secret("0123456789abcdef0123456789abcdef-us14"), settings: MailchimpSettings(listID: list),
            transport: URLSessionTransport(timeout: .seconds(5)), baseURL: emulator.url("/3.0"))
        return OutboxDispatcher(store: gateway.outbox, connectors: [connector], resolver: gateway.personResolver,
                                configuration: .init(retry: RetryPolicy(maxAttempts: 8, baseDelay: 0.01, maxDelay: 0.05)))
    }

    @Test("Consented people are synced, legacy consent is not, withdrawal unsubscribes and erasure deletes")
    func fullCycle() async throws {
        let base = try await Self.makeGateway()
        defer { try? FileManager.default.removeItem(at: base.directory.root) }
        let gateway = try Gateway(directory: base.directory, policies: base.policies, notices: base.notices,
                                  connectors: [ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"])])
        let csv = base.directory.root.appendingPathComponent("people.csv")
        try Data(("ФИО;Email;Телефон;Теги;Согласие на рассылку\n"
            + (1...12).map { "Клиент Номер\($0);client\($0)@example.com;+7916000\(String(format: "%04d", $0));кофе;да" }
                .joined(separator: "\n") + "\n").utf8).write(to: csv)
        _ = try gateway.importCSV(csv, principal: Self.officer)
        var ids: [SubjectID] = []
        for n in 1...4 {
            ids += try await gateway.findSubjects(.email("client\(n)@example.com"), principal: Self.officer)
        }
        for id in ids {
            try await gateway.giveConsent(id, purpose: "marketing_email",
                                          capture: ConsentCapture(channel: "web_form", source: "test"),
                                          principal: Self.officer)
        }
        try await Emulator.with("mailchimp.py") { emulator in
            let report = try await Self.dispatcher(gateway, emulator).drain()
            // 12 import upserts (8 skipped: unproven legacy consent) + 4 consent upserts.
            #expect(report.skipped == 8)
            var members = try #require(try await emulator.state()["lists"]?[Self.list]?["members"]?.objectValue)
            #expect(members.count == 4)
            #expect(members.values.allSatisfy { $0["status"] == "subscribed" })
            let first = try #require(members[MailchimpConnector.subscriberHash("client1@example.com")])
            // Only marketing_email's fields travel: no phone, which that purpose does not declare.
            #expect(first["merge_fields"]?["PHONE"] == nil || first["merge_fields"]?["PHONE"] == "")

            try await gateway.withdrawConsent(ids[1], purpose: "marketing_email", channel: "email_link",
                                              principal: Self.officer)
            _ = try await gateway.erase(ids[2], reason: "test erasure", principal: Self.officer)
            _ = try await Self.dispatcher(gateway, emulator).drain()
            members = try #require(try await emulator.state()["lists"]?[Self.list]?["members"]?.objectValue)
            #expect(members[MailchimpConnector.subscriberHash("client2@example.com")]?["status"] == "unsubscribed")
            #expect(members[MailchimpConnector.subscriberHash("client3@example.com")] == nil)
            #expect(members[MailchimpConnector.subscriberHash("client1@example.com")]?["status"] == "subscribed")
            let stats = try await gateway.outbox.stats(now: Date())
            #expect(stats.total.unfinished == 0 && stats.total.deadLettered == 0)
        }
    }

    @Test("An outbox payload is sealed at rest and dropped once delivered")
    func payloadSealed() async throws {
        let base = try await Self.makeGateway()
        defer { try? FileManager.default.removeItem(at: base.directory.root) }
        let gateway = try Gateway(directory: base.directory, policies: base.policies, notices: base.notices,
                                  connectors: [ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"])])
        let csv = base.directory.root.appendingPathComponent("one.csv")
        try Data("ФИО;Email\nОдин Человек;one.person@example.com\n".utf8).write(to: csv)
        _ = try gateway.importCSV(csv, principal: Self.officer)
        let id = try #require(try await gateway.findSubjects(.email("one.person@example.com"), principal: Self.officer).first)
        _ = try await gateway.erase(id, reason: "test", principal: Self.officer)
        let raw = ["vault.sqlite", "vault.sqlite-wal"].compactMap {
            try? Data(contentsOf: base.directory.root.appendingPathComponent($0))
        }.reduce(Data(), +)
        #expect(raw.range(of: Data("one.person@example.com".utf8)) == nil)
        let pending = try await gateway.outbox.stats(now: Date()).total.unfinished
        #expect(pending == 2)   // the import's upsert and the erasure, waiting for a dispatcher
    }

    @Test("A person captured by a web form with consent reaches Mailchimp; a later correction follows them")
    func formCaptureAndCorrection() async throws {
        let base = try await Self.makeGateway()
        defer { try? FileManager.default.removeItem(at: base.directory.root) }
        let gateway = try Gateway(directory: base.directory, policies: base.policies, notices: base.notices,
                                  connectors: [ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"])])
        let created = try await gateway.createSubject(
            fields: ["full_name": "Формова Ольга", "email": "form.person@example.com"], consents: ["marketing_email"],
            capture: ConsentCapture(channel: "web_form", source: "form:landing"), principal: Self.officer)
        let bare = try await gateway.createSubject(
            fields: ["full_name": "Безсогласия Иван", "email": "no.consent@example.com"], consents: [],
            capture: ConsentCapture(channel: "web_form", source: "form:landing"), principal: Self.officer)
        let id = try #require(SubjectID(created.subject))
        try await Emulator.with("mailchimp.py") { emulator in
            let report = try await Self.dispatcher(gateway, emulator).drain()
            #expect(report.skipped >= 1, "the person without consent is queued but never sent")
            var members = try #require(try await emulator.state()["lists"]?[Self.list]?["members"]?.objectValue)
            #expect(members.count == 1)
            let hash = MailchimpConnector.subscriberHash("form.person@example.com")
            #expect(members[hash]?["status"] == "subscribed")
            #expect(members[MailchimpConnector.subscriberHash("no.consent@example.com")] == nil)
            #expect(bare.created)

            _ = try await gateway.updateSubject(id, fields: ["full_name": "Формова-Новая Ольга"],
                                                principal: Self.officer)
            let queued = try await gateway.outbox.stats(now: Date()).total.pending
            #expect(queued == 1, "a correction queues one upsert per purpose of the connector")
            _ = try await Self.dispatcher(gateway, emulator).drain()
            members = try #require(try await emulator.state()["lists"]?[Self.list]?["members"]?.objectValue)
            let fields = members[hash]?["merge_fields"]
            let names = [fields?["FNAME"], fields?["LNAME"]].compactMap { $0?.stringValue }
            #expect(names.contains("Формова-Новая") && names.contains("Ольга"))
        }
    }
}
