import Policy

extension Language {
    /// The Russian or the English of two texts, for this language.
    func choose(_ russian: String, _ english: String) -> String {
        switch self {
        case .ru: russian
        case .en: english
        }
    }
}
