/// One personal field of the customer base, as declared in `fields.yaml`.
public struct FieldDefinition: Sendable, Hashable {
    /// The field's name (`phone`), used by purposes, roles and the vault.
    public let name: String
    /// The category that roles grant access to.
    public let category: FieldCategory
    /// How values are normalised.
    public let normalizer: NormalizerKind
    /// Whether the field has a blind index for lookups.
    public let searchable: Bool
    /// The longest accepted value, in characters.
    public let maxLength: Int
    /// Column headers that map to this field in imported files, as written in `fields.yaml`.
    public let headers: [String]
    /// The Russian label for documents and the console.
    public let labelRU: String
    /// The English label for documents and the console.
    public let labelEN: String
    /// What the field means to the gateway's rules (`role:` in `fields.yaml`), when it says.
    public let role: FieldRole?

    /// Creates a field definition.
    public init(
        name: String, category: FieldCategory, normalizer: NormalizerKind, searchable: Bool, maxLength: Int,
        headers: [String], labelRU: String, labelEN: String, role: FieldRole? = nil
    ) {
        self.role = role
        self.name = name
        self.category = category
        self.normalizer = normalizer
        self.searchable = searchable
        self.maxLength = maxLength
        self.headers = headers
        self.labelRU = labelRU
        self.labelEN = labelEN
    }

    /// The label in the given language.
    public func label(in language: Language) -> String {
        switch language {
        case .ru: labelRU
        case .en: labelEN
        }
    }
}
