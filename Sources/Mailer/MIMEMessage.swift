import Foundation

/// The wire form of a ``MailMessage``: RFC 5322 headers, a UTF-8 `text/plain` body, SMTP dot-stuffing.
///
/// Header values are single lines (line breaks and other controls become spaces, so a subject cannot inject a
/// header); a non-ASCII subject or sender name becomes RFC 2047 `=?utf-8?B?…?=` words, folded to stay under 78
/// columns. The body is sent as-is (`7bit`) when it is ASCII, as `8bit` when the server announced 8BITMIME, and
/// in base64 otherwise or when a line is longer than SMTP allows.
enum MIMEMessage {
    /// The message, CRLF line endings, ready for dot-stuffing.
    static func render(_ message: MailMessage, from: String, fromName: String?, date: Date, messageID: String,
                       eightBitAllowed: Bool) -> String {
        let body = normalisedLines(message.text)
        let ascii = body.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }
        let fits = body.allSatisfy { $0.utf8.count <= 998 }
        var headers: [String] = []
        let sender = fromName.map { "\(encodedWords(singleLine($0))) <\(from)>" } ?? "<\(from)>"
        headers.append("From: \(sender)")
        headers.append("To: <\(message.to)>")
        headers.append("Subject: \(encodedWords(singleLine(message.subject)))")
        headers.append("Date: \(rfc5322(date))")
        headers.append("Message-ID: <\(messageID)>")
        headers.append("MIME-Version: 1.0")
        headers.append("Content-Type: text/plain; charset=utf-8")
        headers.append("Auto-Submitted: auto-generated")
        let encoded: [String]
        if ascii && fits {
            headers.append("Content-Transfer-Encoding: 7bit")
            encoded = body
        } else if eightBitAllowed && fits {
            headers.append("Content-Transfer-Encoding: 8bit")
            encoded = body
        } else {
            headers.append("Content-Transfer-Encoding: base64")
            encoded = base64Lines(Data(body.joined(separator: "\r\n").utf8))
        }
        return (headers + [""] + encoded).joined(separator: "\r\n") + "\r\n"
    }

    /// SMTP transparency (RFC 5321 4.5.2): a line that starts with "." gets another one; the data ends with
    /// CRLF.CRLF.
    static func dotStuffed(_ text: String) -> String {
        var lines = text.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n.\r\n"
    }

    /// A header value as one line: controls (CR, LF, tab…) become spaces.
    static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        }))
    }

    /// ASCII text as it is; anything else as RFC 2047 base64 encoded words of at most 75 characters, each holding
    /// whole characters, joined by folding whitespace.
    static func encodedWords(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII }) && text.utf8.count <= 900 { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(character.utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// A random Message-ID in the sender's domain (16 random bytes, hex): no person's data in it.
    static func messageID(domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }
        return random.joined() + "@" + domain
    }

    private static func normalisedLines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .components(separatedBy: "\n")
    }

    private static func base64Lines(_ data: Data) -> [String] {
        let text = data.base64EncodedString()
        var lines: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let end = text.index(index, offsetBy: 76, limitedBy: text.endIndex) ?? text.endIndex
            lines.append(String(text[index..<end]))
            index = end
        }
        return lines
    }

    private static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
