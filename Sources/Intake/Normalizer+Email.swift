extension Normalizer {
    /// Characters that RFC 5322 allows in a local part only inside quotes, which no real export uses; one of them
    /// usually means two addresses in one cell.
    private static let emailSpecials: Set<Unicode.Scalar> = ["(", ")", ",", ":", ";", "<", ">", "[", "]", "\\", "\""]

    /// Normalises an e-mail address: trimmed, lowercased, Unicode NFC.
    ///
    /// Accepted: one `@`; a local part of 1 to 64 bytes without spaces, control characters, quotes or brackets,
    /// not starting or ending with a dot and without two dots in a row; a domain of at least two dot-separated
    /// labels of letters (Cyrillic and other scripts included), digits and hyphens, no label starting or ending
    /// with a hyphen; a top-level domain of at least two letters, or a punycode one (`xn--…`).
    ///
    /// - Returns: The canonical address, e.g. `anna.petrova@example.com`.
    /// - Throws: ``ValueProblem`` with ``ValueProblem/Code/invalidEmail``.
    public static func email(_ value: String) throws(ValueProblem) -> String {
        let email = value.trimmingBlanks().lowercased().precomposed
        if isPlainASCIIAddress(email) { return email }
        try checkAddress(email)
        return email
    }

    /// Every rule of ``email(_:)`` on a trimmed, lowercased, precomposed address, worded for the person fixing it.
    static func checkAddress(_ email: String) throws(ValueProblem) {
        guard !email.isEmpty else { throw problem("e-mail is empty") }
        guard !email.unicodeScalars.contains(where: { $0.isBlank || $0.isInvisibleControl }) else {
            throw problem("e-mail contains a space or an invisible character; retype it without spaces")
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count > 1 else { throw problem("e-mail has no '@'; it should look like name@example.com") }
        guard parts.count == 2 else { throw problem("e-mail has more than one '@'; keep one address per cell") }
        guard email.utf8.count <= 254 else { throw problem("e-mail is longer than 254 characters") }
        try checkLocalPart(parts[0])
        try checkDomain(parts[1])
    }

    /// Whether an (already lowercased) address is plain ASCII and passes every rule of ``email(_:)``: the fast path
    /// for the addresses nearly every row holds. Anything else, valid or not, goes through the full checks, which
    /// also word the problem.
    static func isPlainASCIIAddress(_ email: String) -> Bool {
        let bytes = email.utf8
        guard bytes.count <= 254, let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[bytes.index(after: at)...]
        guard (1...64).contains(local.count), (1...253).contains(domain.count) else { return false }
        var previous: UInt8 = UInt8(ascii: ".")
        for byte in local {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                break
            case UInt8(ascii: "."):
                if previous == UInt8(ascii: ".") { return false }
            case UInt8(ascii: "!"), UInt8(ascii: "#")...UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"),
                UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"),
                UInt8(ascii: "~"):
                break
            default:
                return false
            }
            previous = byte
        }
        guard previous != UInt8(ascii: ".") else { return false }
        var labels = 0
        var labelLength = 0
        var labelStart: UInt8 = 0
        var zoneIsLetters = true
        var zoneLength = 0
        var zoneStartsPunycode = false
        var last: UInt8 = 0
        var lastFour: UInt32 = 0
        for byte in domain {
            switch byte {
            case UInt8(ascii: "."):
                guard labelLength > 0, labelLength <= 63, labelStart != UInt8(ascii: "-"),
                    last != UInt8(ascii: "-") else { return false }
                labels += 1
                labelLength = 0
                zoneIsLetters = true
                zoneLength = 0
                zoneStartsPunycode = false
                lastFour = 0
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                if labelLength == 0 { labelStart = byte }
                labelLength += 1
                zoneLength += 1
                if !(UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) { zoneIsLetters = false }
                if zoneLength <= 4 { lastFour = lastFour << 8 | UInt32(byte) }
                if zoneLength == 4 { zoneStartsPunycode = lastFour == 0x786E_2D2D }  // "xn--"
            default:
                return false
            }
            last = byte
        }
        guard labelLength > 0, labelLength <= 63, labelStart != UInt8(ascii: "-"), last != UInt8(ascii: "-"),
            labels >= 1 else { return false }
        return (zoneIsLetters && zoneLength >= 2) || (zoneStartsPunycode && zoneLength > 4)
    }

    private static func checkLocalPart(_ local: Substring) throws(ValueProblem) {
        guard !local.isEmpty else { throw problem("e-mail has nothing before '@'") }
        guard local.utf8.count <= 64 else { throw problem("the part of the e-mail before '@' is over 64 characters") }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            throw problem("the part of the e-mail before '@' starts or ends with a dot, or has two dots in a row")
        }
        guard !local.unicodeScalars.contains(where: { emailSpecials.contains($0) }) else {
            throw problem(
                "the part of the e-mail before '@' contains a quote, bracket, comma, colon, semicolon or backslash; "
                    + "keep one address per cell"
            )
        }
    }

    private static func checkDomain(_ domain: Substring) throws(ValueProblem) {
        guard !domain.isEmpty else { throw problem("e-mail has nothing after '@'; add the domain, as in example.com") }
        guard domain.utf8.count <= 253 else { throw problem("the e-mail domain is longer than 253 characters") }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else {
            throw problem("the e-mail domain has no dot; it needs a name and a zone, as in example.com")
        }
        guard !labels.contains(where: \.isEmpty) else {
            throw problem("the e-mail domain starts or ends with a dot, or has two dots in a row")
        }
        for label in labels {
            guard label.utf8.count <= 63 else { throw problem("a part of the e-mail domain is over 63 characters") }
            let allowed = label.unicodeScalars.allSatisfy { scalar in
                scalar == "-" || scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
                    || scalar.properties.generalCategory == .nonspacingMark
            }
            guard allowed else {
                throw problem("the e-mail domain may contain only letters, digits, hyphens and dots")
            }
            guard !label.hasPrefix("-"), !label.hasSuffix("-") else {
                throw problem("a part of the e-mail domain starts or ends with a hyphen")
            }
        }
        let zone = labels[labels.count - 1]
        let isLetters = zone.count >= 2 && zone.unicodeScalars.allSatisfy { $0.properties.isAlphabetic }
        let isPunycode = zone.hasPrefix("xn--") && zone.count > 4
        guard isLetters || isPunycode else {
            throw problem("the e-mail domain must end in a zone of at least two letters, such as .ru or .com")
        }
    }

    private static func problem(_ message: String) -> ValueProblem {
        ValueProblem(.invalidEmail, message)
    }
}
