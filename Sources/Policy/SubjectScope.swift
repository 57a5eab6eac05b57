/// Which data subjects a retention rule applies to.
public enum SubjectScope: String, Sendable, Hashable, CaseIterable, Codable {
    /// Everyone.
    case all
    /// People who never bought anything.
    case leads
    /// People with at least one purchase.
    case customers

    /// A human-readable name.
    public var label: LocalizedText {
        switch self {
        case .all: LocalizedText(ru: "все субъекты", en: "all subjects")
        case .leads: LocalizedText(ru: "лиды без покупок", en: "leads without purchases")
        case .customers: LocalizedText(ru: "клиенты с покупками", en: "customers with purchases")
        }
    }
}
