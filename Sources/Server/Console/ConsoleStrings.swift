import Core
import Policy

/// The console's texts in Russian and English: one table per language, by key, and the only place a console text is
/// written. Templates read the shared texts as `{{t.key}}`; a page's own texts are kept under its prefix
/// (`tokens.title`) in the same table and reach the page without it, as `{{s.title}}` (``page(_:_:)``). The table
/// is put together from parts by subject (`ConsoleStrings+Incidents.swift`, …); a key is in one part only.
enum ConsoleStrings {
    /// The texts of one language.
    static func table(_ language: Language) -> [String: String] {
        language == .ru ? russian : english
    }

    /// One text; a missing key shows as itself, so a gap is visible rather than blank.
    static func text(_ key: String, _ language: Language) -> String {
        table(language)[key] ?? key
    }

    /// A page's own texts (those under `prefix.`), by key without the prefix.
    static func page(_ prefix: String, _ language: Language) -> [String: String] {
        let start = prefix + "."
        var texts: [String: String] = [:]
        for (key, text) in table(language) where key.hasPrefix(start) {
            texts[String(key.dropFirst(start.count))] = text
        }
        return texts
    }

    /// The parts of each language's table, by subject.
    static let englishParts = [sharedEnglish, deliveryEnglish, incidentsEnglish, accessEnglish, eventsEnglish]
    static let russianParts = [sharedRussian, deliveryRussian, incidentsRussian, accessRussian, eventsRussian]
    static let english = merged(englishParts)
    static let russian = merged(russianParts)

    /// One table of the parts; ConsoleTextCoverageTests checks that no key is in two of them.
    private static func merged(_ parts: [[String: String]]) -> [String: String] {
        parts.reduce(into: [:]) { table, part in table.merge(part) { first, _ in first } }
    }
}
