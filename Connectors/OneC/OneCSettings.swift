/// Settings of a ``OneCConnector`` (the `settings` object of its configuration entry).
///
/// The defaults fit 1C:Бухгалтерия 3.0; map other configurations (УТ, ERP, УНФ) from their `$metadata`.
public struct OneCSettings: Sendable, Codable, Equatable {
    /// A document set and its reference to the counterparty, probed before erasure.
    public struct ReferenceProbe: Sendable, Codable, Equatable {
        /// The entity set, such as `Document_РеализацияТоваровУслуг`.
        public var set: String
        /// The reference property, such as `Контрагент_Key`.
        public var field: String

        /// Creates a probe.
        public init(set: String, field: String = "Контрагент_Key") {
            self.set = set
            self.field = field
        }
    }

    /// The counterparty catalog's entity set.
    public var entitySet: String
    /// The property holding the counterparty kind, and the value for an individual.
    public var legalFormField: String
    public var individualValue: String
    /// The free-text comment property; pdgate keeps its marker `pdgate:<subject>` there to find the person.
    public var commentField: String
    /// Free-text properties that may hold personal data and are cleared on erasure.
    public var freeTextFields: [String]
    /// `Вид_Key` of the phone and e-mail kinds; looked up by predefined name when absent.
    public var phoneKindKey: String?
    public var emailKindKey: String?
    /// Document sets that reference counterparties. A counterparty referenced by any of them (or whose probe
    /// cannot run) is kept for the accounting retention.
    public var referenceProbes: [ReferenceProbe]

    /// The defaults for 1C:Бухгалтерия 3.0.
    public init(
        entitySet: String = "Catalog_Контрагенты",
        legalFormField: String = "ЮридическоеФизическоеЛицо",
        individualValue: String = "ФизическоеЛицо",
        commentField: String = "Комментарий",
        freeTextFields: [String] = ["ДокументУдостоверяющийЛичность"],
        phoneKindKey: String? = nil,
        emailKindKey: String? = nil,
        referenceProbes: [ReferenceProbe] = Self.defaultProbes
    ) {
        self.entitySet = entitySet
        self.legalFormField = legalFormField
        self.individualValue = individualValue
        self.commentField = commentField
        self.freeTextFields = freeTextFields
        self.phoneKindKey = phoneKindKey
        self.emailKindKey = emailKindKey
        self.referenceProbes = referenceProbes
    }

    /// Sales and purchase documents of 1C:Бухгалтерия 3.0.
    public static let defaultProbes = [
        ReferenceProbe(set: "Document_РеализацияТоваровУслуг"),
        ReferenceProbe(set: "Document_ПоступлениеТоваровУслуг"),
    ]

    private enum CodingKeys: String, CodingKey {
        case entitySet, legalFormField, individualValue, commentField, freeTextFields, phoneKindKey, emailKindKey
        case referenceProbes
    }

    public init(from decoder: any Decoder) throws {
        let defaults = Self()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        entitySet = try container.decodeIfPresent(String.self, forKey: .entitySet) ?? defaults.entitySet
        legalFormField = try container.decodeIfPresent(String.self, forKey: .legalFormField) ?? defaults.legalFormField
        individualValue = try container.decodeIfPresent(String.self, forKey: .individualValue)
            ?? defaults.individualValue
        commentField = try container.decodeIfPresent(String.self, forKey: .commentField) ?? defaults.commentField
        freeTextFields = try container.decodeIfPresent([String].self, forKey: .freeTextFields)
            ?? defaults.freeTextFields
        phoneKindKey = try container.decodeIfPresent(String.self, forKey: .phoneKindKey)
        emailKindKey = try container.decodeIfPresent(String.self, forKey: .emailKindKey)
        referenceProbes = try container.decodeIfPresent([ReferenceProbe].self, forKey: .referenceProbes)
            ?? defaults.referenceProbes
    }
}
