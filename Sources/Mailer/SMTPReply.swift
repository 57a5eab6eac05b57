/// One SMTP reply: a three-digit code and its text lines (RFC 5321 4.2), `250-…` lines continuing it and a
/// `250 …` line ending it.
struct SMTPReply: Sendable, Equatable {
    var code: Int
    /// The text of each line, without the code and separator.
    var lines: [String]

    /// Parses one reply line: its code, whether more lines follow, and its text; nil when it is not a reply line.
    static func parseLine(_ line: String) -> (code: Int, more: Bool, text: String)? {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count >= 3, scalars[0..<3].allSatisfy({ ("0"..."9").contains($0) }),
            let code = Int(String(String.UnicodeScalarView(scalars[0..<3])))
        else { return nil }
        if scalars.count == 3 { return (code, false, "") }
        guard scalars[3] == "-" || scalars[3] == " " else { return nil }
        return (code, scalars[3] == "-", String(String.UnicodeScalarView(scalars[4...])))
    }

    /// The EHLO keywords, uppercased (`STARTTLS`, `AUTH PLAIN LOGIN`, `8BITMIME`); the first line is the greeting.
    var extensions: [String] { lines.dropFirst().map { $0.uppercased() } }

    var isPositive: Bool { (200..<400).contains(code) }
}
