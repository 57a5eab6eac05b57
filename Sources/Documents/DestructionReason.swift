/// The reasons the gateway gives for a destruction, in the words of the act's language.
///
/// The gateway records a reason in English (`request REQ-2026-000042 (erasure)`, `retention rule(s) leads expired`);
/// a Russian act states it in Russian. A reason typed by the officer is kept as it is.
enum DestructionReason {
    /// The reason in Russian, when it is one the gateway writes; otherwise the text as given.
    static func russian(_ reason: String) -> String {
        let text = reason.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("request "), text.hasSuffix(" (erasure)") {
            let reference = text.dropFirst("request ".count).dropLast(" (erasure)".count)
            return "требование субъекта персональных данных об уничтожении его данных, обращение № \(reference) "
                + "(ч. 1 ст. 14, ч. 3 ст. 20 152-ФЗ)"
        }
        if text.hasPrefix("retention rule(s) "), text.hasSuffix(" expired") {
            let rules = text.dropFirst("retention rule(s) ".count).dropLast(" expired".count)
            return "достижение целей обработки, истечение срока хранения (правила хранения: \(rules); ч. 4 ст. 21 "
                + "152-ФЗ)"
        }
        let known: [String: String] = [
            "consent withdrawn: the purpose's own data destroyed (152-FZ art. 21 p. 5)":
                "отзыв субъектом согласия на обработку: уничтожены данные, обрабатывавшиеся только для этой цели "
                + "(ч. 5 ст. 21 152-ФЗ)",
            "retention period ended; accounting hold remains":
                "истечение срока хранения (ч. 4 ст. 21 152-ФЗ); данные бухгалтерского учёта оставлены на обязательном "
                + "хранении и заблокированы",
            "erasure completed; its act was not written then (interrupted)":
                "уничтожение завершено; акт составлен после перезапуска системы, прервавшего его составление",
        ]
        return known[text] ?? text
    }
}
