import ConnectorKit
import Foundation
import Mailer
import Testing
import UniSenderConnector

@Suite("UniSender transactional send (sendEmail) against the emulator", .timeLimit(.minutes(1)))
struct UniSenderTransactionalTests {
    static let email = TransactionalEmail(
        to: "anna.test@example.com", senderEmail: "privacy@example.com", senderName: "Центр конфиденциальности",
        subject: "Код для центра конфиденциальности",
        text: "Ваш код: 123456\nСсылка: https://privacy.example.com/privacy/signup/confirm/AbC-_x?lang=ru\n<b>&")

    @Test("sendEmail gets every required argument, HTML with a clickable link, tracking off; returns the message id")
    func sendsOneEmail() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let connector = UniSenderConnectorTests.connector(emulator)
            let id = try await connector.sendTransactional(Self.email)
            #expect(id == "90000")
            let sent = try #require(try await emulator.state()["sent"]?.arrayValue.first)
            #expect(sent["email"] == "anna.test@example.com")
            #expect(sent["sender_email"] == "privacy@example.com")
            #expect(sent["sender_name"] == "Центр конфиденциальности")
            #expect(sent["list_id"] == 134)
            #expect(sent["track_links"] == "0" && sent["track_read"] == "0")
            let body = try #require(sent["body"]?.stringValue)
            #expect(body.contains("Ваш код: 123456<br>"))
            #expect(body.contains(#"<a href="https://privacy.example.com/privacy/signup/confirm/AbC-_x?lang=ru">"#))
            #expect(body.contains("&lt;b&gt;&amp;") && !body.contains("<b>"))
        }
    }

    @Test("A bad key, a bad recipient and an unsubscribed recipient fail with codes, never the address")
    func failuresNameNoAddress() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let wrongKey = await #expect(throws: ConnectorError.self) {
                try await UniSenderConnectorTests.connector(emulator, key: "wrong").sendTransactional(Self.email)
            }
            #expect(wrongKey?.code == .unauthorized)
            var bad = Self.email
            bad.to = "not-an-address"
            let invalid = await #expect(throws: ConnectorError.self) {
                try await UniSenderConnectorTests.connector(emulator).sendTransactional(bad)
            }
            #expect(invalid?.code == .permanent && invalid?.apiErrorType == "invalid_arg")
            #expect(invalid.map { "\($0)".contains("not-an-address") } == false)
            let connector = UniSenderConnectorTests.connector(emulator)
            _ = try await connector.upsert(ConnectorPerson(subject: "sub_anna", fields: ["email": Self.email.to],
                                                           purpose: "marketing_email"))
            try await connector.suppress(PersonRef(subject: "sub_anna", email: Self.email.to), reason: .withdrawal)
            let unsubscribed = await #expect(throws: MailerError.self) {
                try await ConnectorMailer(sender: connector, from: "privacy@example.com", fromName: "Privacy")
                    .send(MailMessage(to: Self.email.to, subject: "Code", text: "123456"))
            }
            #expect(unsubscribed?.code == .rejected)
            #expect(unsubscribed.map { "\($0)".contains("anna") } == false)
            #expect(try await emulator.state()["sent"]?.arrayValue.isEmpty == true)
        }
    }

    @Test("The emulator's sendEmail limit (60 a minute) becomes a retryable rate limit")
    func rateLimited() async throws {
        try await Emulator.with("unisender.py", ["--send-per-minute", "1"]) { emulator in
            let connector = UniSenderConnectorTests.connector(emulator)
            _ = try await connector.sendTransactional(Self.email)
            let limited = await #expect(throws: ConnectorError.self) {
                try await connector.sendTransactional(Self.email)
            }
            #expect(limited?.code == .rateLimited)
        }
    }
}
