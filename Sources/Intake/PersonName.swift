/// Comparison of people's names, to decide whether two rows that share a phone are the same person.
///
/// A shared family phone or office line must not fuse two people into one subject: one's access answer would
/// disclose the other. So rows sharing a phone merge only when their names agree.
public enum PersonName {
    /// Whether two names may belong to the same person.
    ///
    /// Compares the sets of name tokens, ignoring case, punctuation, word order and the dots of `ё`; the names
    /// agree when one set contains the other: "Ольга Волкова" agrees with "Волкова Ольга" and with "Волкова Ольга
    /// Ивановна", while "Иванов Пётр" does not agree with "Иванова Мария". An empty name agrees with nothing.
    public static func agree(_ a: String, _ b: String) -> Bool {
        let first = tokens(of: a)
        let second = tokens(of: b)
        guard !first.isEmpty && !second.isEmpty else { return false }
        return first.isSubset(of: second) || second.isSubset(of: first)
    }

    /// The lowercased words of a name, with `ё` as `е`; hyphens and apostrophes inside a word are kept
    /// ("Римская-Корсакова", "д'Артаньян").
    static func tokens(of name: String) -> Set<String> {
        let joiners: Set<Character> = ["-", "'", "’"]
        var tokens: Set<String> = []
        let words = name.lowercased().foldingYo.split { !($0.isLetter || $0.isNumber || joiners.contains($0)) }
        for word in words {
            let token = word.drop(while: { joiners.contains($0) }).reversed().drop(while: { joiners.contains($0) })
            if !token.isEmpty {
                tokens.insert(String(token.reversed()))
            }
        }
        return tokens
    }
}
