extension Normalizer {
    /// Normalises a person's name: trimmed, every run of spaces (NBSP and tabs included) made one space, NFC.
    ///
    /// - Returns: The name, e.g. `Петрова Анна Сергеевна`.
    /// - Throws: ``ValueProblem`` with ``ValueProblem/Code/invalidName`` when it is empty, has no letter, or holds
    ///   an invisible control character.
    public static func name(_ value: String) throws(ValueProblem) -> String {
        let name = value.collapsingBlanks().precomposed
        guard !name.isEmpty else { throw ValueProblem(.invalidName, "name is empty") }
        guard !name.unicodeScalars.contains(where: \.isInvisibleControl) else {
            throw ValueProblem(.invalidName, "name contains an invisible control character; retype it")
        }
        guard name.unicodeScalars.contains(where: \.properties.isAlphabetic) else {
            throw ValueProblem(.invalidName, "name has no letters; write the person's name, not a number or a mark")
        }
        return name
    }

    /// Splits a tags cell on `;` or `,`, trims each tag and collapses its inner spaces, drops empty tags and
    /// repeated ones (keeping the first), in order.
    public static func tags(_ value: String) -> [String] {
        var seen: Set<String> = []
        var tags: [String] = []
        for part in value.utf8.split(whereSeparator: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",") }) {
            let tag = String(Substring(part)).collapsingBlanks().precomposed
            if !tag.isEmpty && seen.insert(tag).inserted {
                tags.append(tag)
            }
        }
        return tags
    }

    /// Normalises free text (notes): trimmed, CRLF and lone CR line breaks made LF.
    public static func text(_ value: String) -> String {
        guard value.utf8.contains(0x0D) else { return value.trimmingBlanks() }
        var scalars = String.UnicodeScalarView()
        var afterCR = false
        for scalar in value.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                afterCR = true
                continue
            }
            if !(afterCR && scalar == "\n") {
                scalars.append(scalar)
            }
            afterCR = false
        }
        return String(scalars).trimmingBlanks()
    }

    private static let consentYes: Set<String> = ["да", "yes", "y", "true", "1", "+", "согласен", "согласна"]
    private static let consentNo: Set<String> = ["нет", "no", "n", "false", "0", "-", ""]

    /// Reads a yes/no consent cell.
    ///
    /// - Returns: `true` for да, yes, y, true, 1, +, согласен, согласна; `false` for нет, no, n, false, 0, - and an
    ///   empty cell; `nil` for anything else, which the caller must treat as unknown (not as consent).
    public static func consentAnswer(_ value: String) -> Bool? {
        let answer = value.trimmingBlanks().lowercased()
        if consentYes.contains(answer) { return true }
        if consentNo.contains(answer) { return false }
        return nil
    }
}
