@testable import Mailer
import Foundation
import Testing

@Suite("MIME rendering and SMTP framing")
struct MIMEMessageTests {
    @Test("Lines starting with a dot are doubled and the data ends with CRLF.CRLF")
    func dotStuffing() {
        #expect(MIMEMessage.dotStuffed("a\r\n.\r\n..b\r\nc\r\n") == "a\r\n..\r\n...b\r\nc\r\n.\r\n")
    }

    @Test("A long Cyrillic subject becomes folded encoded words of at most 75 characters with whole characters")
    func encodedWords() {
        let subject = String(repeating: "Подтверждение адреса ", count: 5)
        let folded = MIMEMessage.encodedWords(subject)
        let words = folded.components(separatedBy: "\r\n ")
        #expect(words.count > 1 && words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?utf-8?B?") })
        let decoded = words.map { word -> String in
            let inner = word.dropFirst(10).dropLast(2)
            return String(decoding: Data(base64Encoded: String(inner)) ?? Data(), as: UTF8.self)
        }.joined()
        #expect(decoded == subject)
        #expect(MIMEMessage.encodedWords("Plain") == "Plain")
    }

    @Test("A line break in the subject cannot add a header")
    func noHeaderInjection() {
        let text = MIMEMessage.render(MailMessage(to: "a@example.com", subject: "Hi\r\nBcc: x@example.com", text: "t"),
                                      from: "p@example.com", fromName: nil, date: Date(), messageID: "1@example.com",
                                      eightBitAllowed: true)
        #expect(!text.contains("\r\nBcc:"))
    }

    @Test("A message's description carries no address or text")
    func descriptionIsPrivate() {
        #expect(!"\(MailMessage(to: "a@example.com", subject: "s", text: "code 123456"))".contains("@"))
    }
}
