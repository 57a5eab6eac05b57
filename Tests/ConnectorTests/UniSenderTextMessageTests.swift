import ConnectorKit
import Foundation
import Mailer
import Testing
import UniSenderConnector

/// The SMS route of the privacy center's codes: UniSender's `sendSms`, as documented.
@Suite("UniSender SMS (sendSms) against the emulator", .timeLimit(.minutes(1)))
struct UniSenderTextMessageTests {
    @Test("sendSms gets the number without '+', the registered sender and the text; returns the message id")
    func sendsOneMessage() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let connector = UniSenderConnectorTests.connector(emulator)
            let id = try await connector.sendTextMessage(to: "+79161234567", sender: "ShopPrivacy",
                                                          text: "Код для центра конфиденциальности: 123456")
            #expect(id == "70000")
            let sent = try #require(try await emulator.state()["sms"]?.arrayValue.first)
            #expect(sent["phone"] == "79161234567")
            #expect(sent["sender"] == "ShopPrivacy")
            #expect(sent["text"] == "Код для центра конфиденциальности: 123456")
        }
    }

    @Test("A number or sender the service refuses fails with its code, never the number or the text")
    func failuresNameNoNumber() async throws {
        try await Emulator.with("unisender.py") { emulator in
            let texter = ConnectorTexter(sender: UniSenderConnectorTests.connector(emulator), senderName: "ShopPrivacy")
            let bad = await #expect(throws: MailerError.self) {
                try await texter.send(TextMessage(to: "+7916", text: "Код: 123456"))
            }
            #expect(bad?.code == .rejected)
            #expect(bad.map { "\($0)".contains("7916") || "\($0)".contains("123456") } == false)
            let wrongSender = await #expect(throws: ConnectorError.self) {
                try await UniSenderConnectorTests.connector(emulator)
                    .sendTextMessage(to: "+79161234567", sender: "Магазин", text: "Код: 123456")
            }
            #expect(wrongSender?.code == .invalidConfiguration)
            let wrongKey = await #expect(throws: ConnectorError.self) {
                try await UniSenderConnectorTests.connector(emulator, key: "wrong")
                    .sendTextMessage(to: "+79161234567", sender: "ShopPrivacy", text: "Код: 123456")
            }
            #expect(wrongKey?.code == .unauthorized)
            let state = try await emulator.state()
            #expect(state["sms"]?.arrayValue.isEmpty == true)
        }
    }
}
