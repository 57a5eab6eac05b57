/// A human-readable text given in Russian and in English.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The Russian text.
    public let ru: String
    /// The English text.
    public let en: String

    /// Creates a text in both languages.
    public init(ru: String, en: String) {
        self.ru = ru
        self.en = en
    }

    /// The text in the given language.
    public subscript(language: Language) -> String {
        switch language {
        case .ru: ru
        case .en: en
        }
    }
}
