import Foundation
import PDGateTesting
import Gateway
import Hummingbird
import HummingbirdTesting
import Mailer
import Testing

/// The person who made a request is told at every step, from the texts in `Policies/messages`, and each send is
/// logged on the case without the address or the text.
@Suite("Messages to the requester")
struct RequesterMessageTests {
    /// A server whose gateway writes to requesters into a fresh development inbox.
    static func server() async throws -> (TestServer, FolderMailer) {
        let inbox = try FolderMailer(folder: FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-inbox-\(UUID())"))
        let test = try await TestServer.make { $0.devInbox = inbox }
        let texts = try RequesterMessages(folder: Repository.policies.appendingPathComponent("messages"))
        test.gateway.sendRequesterMessages(through: inbox, texts: texts)
        return (test, inbox)
    }

    /// Receipt, identity request, extension with its reason, completion; a refusal with its reason and the right to
    /// complain to Roskomnadzor; each logged on the case as request.message, never with the address.
    @Test("Every step of a request is written to the requester and logged on the case")
    func everyStepIsTold() async throws {
        let (test, inbox) = try await Self.server()
        defer { test.cleanup(); try? FileManager.default.removeItem(at: inbox.folder) }
        let subject = try await test.person()
        let officer = TestServer.officer
        let access = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                          jurisdiction: "RU", channel: "letter", principal: officer)
        var mails = inbox.messages()
        #expect(mails.count == 1 && mails[0].to == "anna.test@example.com")
        #expect(mails[0].subject.contains(access.reference) && mails[0].subject.contains("получено"))
        let deadline = test.gateway.deadlineStatus(of: access).lastDay.description
        #expect(mails[0].body.contains(deadline) && mails[0].body.contains("https://example.com/privacy"))

        try await test.gateway.askForIdentity(access.reference, principal: officer)
        _ = try await test.gateway.extendRequest(access.reference, reason: "Запрос охватывает архив за 5 лет",
                                                 principal: officer)
        _ = try await test.gateway.verifyRequest(access.reference, method: "signed_letter", principal: officer)
        _ = try await test.gateway.runRequest(access.reference, principal: officer)
        let objection = try await test.gateway.createRequest(kind: .objection, lookup: .email("anna.test@example.com"),
                                                             jurisdiction: "RU", channel: "phone", principal: officer)
        _ = try await test.gateway.refuseRequest(objection.reference, reason: "Заявитель не подтвердил личность",
                                                 principal: officer)
        mails = inbox.messages().reversed()
        #expect(mails.count == 6)
        guard mails.count == 6 else { return }
        #expect(mails[1].subject.contains("Подтвердите личность"))
        #expect(mails[2].subject.contains("продлён") && mails[2].body.contains("Запрос охватывает архив за 5 лет"))
        #expect(mails[3].subject.contains("выполнено"))
        #expect(mails[4].subject.contains(objection.reference))
        #expect(mails[5].body.contains("Заявитель не подтвердил личность") && mails[5].body.contains("Роскомнадзор"))

        let trail = try await test.gateway.auditTrail(of: subject, principal: officer)
        let sends = trail.filter { $0.action == "request.message" }
        #expect(sends.count == 6 && sends.allSatisfy { $0.detail?.hasSuffix("outcome=sent") == true })
        #expect(sends.map { $0.detail ?? "" }.joined().contains("message=refusal"))
        #expect(!trail.contains { ($0.detail ?? "").contains("anna") || ($0.detail ?? "").contains("@") })
        #expect(!test.logs.text.contains("anna.test"))
    }

    @Test("The erasure confirmation reaches the address read before the erasure destroyed it, in English for EU")
    func erasureConfirmation() async throws {
        let (test, inbox) = try await Self.server()
        defer { test.cleanup(); try? FileManager.default.removeItem(at: inbox.folder) }
        _ = try await test.person()
        let officer = TestServer.officer
        let erasure = try await test.gateway.createRequest(kind: .erasure, lookup: .email("anna.test@example.com"),
                                                           jurisdiction: "EU", channel: "email", principal: officer)
        _ = try await test.gateway.verifyRequest(erasure.reference, method: "email_code", principal: officer)
        _ = try await test.gateway.runRequest(erasure.reference, principal: officer)
        let last = try #require(inbox.messages().first)
        #expect(last.to == "anna.test@example.com" && last.subject.contains("erased"))
        #expect(last.body.contains("What the law requires us to keep") && last.body.contains("supervisory authority"))
    }

    @Test("A template with an unknown placeholder stops the start, naming the file")
    func unknownPlaceholderIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-messages-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let shipped = Repository.policies.appendingPathComponent("messages")
        try FileManager.default.copyItem(at: shipped, to: folder)
        try "Subject: {{reference}}\n\nDear {{name}}".write(to: folder.appendingPathComponent("en/receipt.txt"),
                                                           atomically: true, encoding: .utf8)
        let error = try #require(throws: GatewayError.self) { try RequesterMessages(folder: folder) }
        #expect(error.message.contains("en/receipt.txt") && error.message.contains("{{name}}"))
    }

    @Test("The development inbox lists what was sent, on loopback")
    func devInboxPage() async throws {
        let (test, inbox) = try await Self.server()
        defer { try? FileManager.default.removeItem(at: inbox.folder) }
        _ = try await test.person()
        let created = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                           jurisdiction: "RU", channel: "letter",
                                                           principal: TestServer.officer)
        try await test.test { client async throws in
            let page = try await client.send(.get, "/dev/inbox")
            #expect(page.status == .ok && page.text.contains(created.reference))
            #expect(page.headers[.cacheControl] == "no-store")
        }
    }
}
