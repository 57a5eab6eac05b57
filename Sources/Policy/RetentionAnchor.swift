/// The event a retention period is counted from.
public enum RetentionAnchor: String, Sendable, Hashable, CaseIterable, Codable {
    /// The last contact with the person (a call, a message, a visit).
    case lastContact = "last_contact"
    /// The last purchase.
    case lastPurchase = "last_purchase"
    /// The last accounting transaction (invoice, payment, act).
    case lastTransaction = "last_transaction"
    /// The withdrawal of the purpose's consent.
    case consentWithdrawn = "consent_withdrawn"
    /// The moment the data was collected.
    case collected
    /// The moment the purpose was achieved.
    case purposeAchieved = "purpose_achieved"

    /// A human-readable name.
    public var label: LocalizedText {
        switch self {
        case .lastContact: LocalizedText(ru: "последний контакт", en: "last contact")
        case .lastPurchase: LocalizedText(ru: "последняя покупка", en: "last purchase")
        case .lastTransaction: LocalizedText(ru: "последняя хозяйственная операция", en: "last transaction")
        case .consentWithdrawn: LocalizedText(ru: "отзыв согласия", en: "withdrawal of consent")
        case .collected: LocalizedText(ru: "получение данных", en: "collection")
        case .purposeAchieved: LocalizedText(ru: "достижение цели", en: "achievement of the purpose")
        }
    }
}
