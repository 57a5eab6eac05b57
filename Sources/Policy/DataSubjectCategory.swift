/// A category of people whose data is processed (`data_subjects` in `purposes.yaml`).
public struct DataSubjectCategory: Sendable, Hashable {
    /// The category's name in `purposes.yaml`.
    public let name: String
    /// A human-readable description.
    public let label: LocalizedText
    /// Fields that must be recorded for a person to belong to the category (`requires`): customers need a
    /// purchase, business contacts a purchase and a company. Empty: everyone belongs.
    public let requires: [String]

    /// Creates a category.
    public init(name: String, label: LocalizedText, requires: [String] = []) {
        self.name = name
        self.label = label
        self.requires = requires
    }

    /// Whether a person with these recorded fields belongs to the category.
    public func includes(recorded: (String) -> Bool) -> Bool {
        requires.allSatisfy(recorded)
    }
}
