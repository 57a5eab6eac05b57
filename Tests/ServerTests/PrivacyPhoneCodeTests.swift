import ConnectorKit
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Mailer
import PDGateTesting
import Server
import Testing

/// A customer with only a phone on file gets their code by SMS, through the configured SMS route.
@Suite("Privacy center codes by SMS for phone-only customers", .serialized, .timeLimit(.minutes(2)))
struct PrivacyPhoneCodeTests {
    static let phone = "+7 903 555-00-11"

    /// The SMS sink's messages once there are `count` of them (or ten seconds passed).
    static func texts(_ sink: FolderMailer, atLeast count: Int) async throws -> [String] {
        for _ in 0..<100 {
            let bodies = sink.messages().filter { $0.subject == "SMS" }.map(\.body)
            if bodies.count >= count { return bodies }
            try await Task.sleep(for: .milliseconds(100))
        }
        return sink.messages().filter { $0.subject == "SMS" }.map(\.body)
    }

    @Test("A phone-only customer signs in with the code sent by SMS to the phone on file; nobody gets an e-mail")
    func phoneOnlySignsIn() async throws {
        let sink = try FolderMailer(folder: FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-sms-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: sink.folder) }
        let harness = try await PrivacyHarness.make { $0.texter = sink }
        _ = try await harness.test.gateway.createSubject(
            fields: ["full_name": "Ким Алексей Сергеевич", "phone": Self.phone], consents: [],
            capture: ConsentCapture(channel: "api", source: "test"), principal: TestServer.officer)
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            let (page, challenge) = try await visitor.askCode(for: "8 (903) 555-00-11")
            #expect(page.status == .ok)
            let texts = try await Self.texts(sink, atLeast: 1)
            try #require(texts.count == 1, "one SMS to the phone on file")
            #expect(sink.messages().first?.to == "+79035550011")
            let code = try #require(texts[0].split(whereSeparator: { !$0.isNumber }).first { $0.count == 6 })
            let verified = try await visitor.post("/privacy/verify", [("challenge", try #require(challenge)),
                                                                       ("code", String(code))])
            #expect(verified.status == .seeOther && verified.headers[.location] == "/privacy/me")
            let account = try await visitor.get("/privacy/me")
            #expect(account.status == .ok && account.text.contains("Ваши обращения и согласия"), "\(account.text.prefix(400))")
            #expect(harness.smtp.deliveries().isEmpty, "no e-mail goes out for a person without one")
        }
        #expect(!harness.test.logs.text.contains("5550011"), "no phone number in the logs")
    }

    @Test("A customer with an e-mail still gets it by e-mail, not by SMS, even when asking by phone")
    func emailStaysFirst() async throws {
        let sink = try FolderMailer(folder: FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-sms-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: sink.folder) }
        let harness = try await PrivacyHarness.make { $0.texter = sink }
        _ = try await harness.test.person()
        try await harness.run { client in
            var visitor = PrivacyVisitor(client)
            _ = try await visitor.askCode(for: PrivacyHarness.phone)
            let mails = try await harness.mails(1)
            #expect(mails.first?.recipients == [PrivacyHarness.email])
            #expect(sink.messages().isEmpty)
        }
    }

    @Test("A customer whose e-mail bounced gets the code by SMS to the phone on file, not to the dead address")
    func bouncedEmailGivesWayToPhone() async throws {
        let sink = try FolderMailer(folder: FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-sms-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: sink.folder) }
        let harness = try await PrivacyHarness.make(
            connectors: [ConnectorRoute(name: "mailchimp", purposes: ["marketing_email"])]) { $0.texter = sink }
        try await harness.run { client in
            // Inside run, which stops the mail server whatever happens.
            _ = try await harness.test.person()
            let bounce = InboundEvent(kind: .bounce, email: PrivacyHarness.email, at: Date(), reason: "hard")
            let report = try await harness.test.gateway.applyInbound([bounce], connector: "mailchimp",
                                                                     principal: TestServer.officer)
            try #require(report.markedInvalid == 1)
            var visitor = PrivacyVisitor(client)
            _ = try await visitor.askCode(for: PrivacyHarness.email)
            let texts = try await Self.texts(sink, atLeast: 1)
            #expect(texts.count == 1, "one SMS to the phone on file")
            #expect(harness.smtp.deliveries().isEmpty, "nothing to the address the service reported bounced")
        }
    }
}
