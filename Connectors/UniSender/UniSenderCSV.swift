/// The CSV of an asynchronous UniSender export: RFC 4180 fields (quoted when they hold a comma, quote or line
/// break; `""` inside quotes is a quote), rows ending in CRLF or LF.
enum UniSenderCSV {
    /// The rows of `text`, each a list of fields; blank lines are skipped.
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = text.makeIterator()
        var pending: Character? = nil
        func endRow() {
            row.append(field)
            field = ""
            if row != [""] { rows.append(row) }
            row = []
        }
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                guard character == "\"" else { field.append(character); continue }
                let next = characters.next()
                if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",": row.append(field); field = ""
            case "\r\n", "\n", "\r": endRow()
            default: field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return rows
    }
}
