/// The category of a personal field; roles grant access per category.
public enum FieldCategory: String, Sendable, CaseIterable, Codable {
    /// Who the person is: name, date of birth.
    case identity
    /// How to reach the person: phone, e-mail.
    case contact
    /// Purchases, amounts, company and tax number.
    case financial
    /// The customer profile: source, status, tags, manager.
    case profile
    /// Free-text notes, which may mention third persons.
    case notes
    /// Special categories (health, beliefs, …; 152-FZ art. 10, GDPR art. 9).
    case special

    /// A human-readable name of the category.
    public var label: LocalizedText {
        switch self {
        case .identity: LocalizedText(ru: "Идентификационные данные", en: "Identity data")
        case .contact: LocalizedText(ru: "Контактные данные", en: "Contact data")
        case .financial: LocalizedText(ru: "Сведения о покупках и реквизиты", en: "Purchase and billing data")
        case .profile: LocalizedText(ru: "Профиль клиента", en: "Customer profile")
        case .notes: LocalizedText(ru: "Заметки", en: "Notes")
        case .special: LocalizedText(ru: "Специальные категории", en: "Special categories")
        }
    }
}
