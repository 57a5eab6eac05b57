/// A category of data subjects, such as customers or leads (GDPR art. 30(1)(c)).
public struct DataSubjectCategory: Sendable, Hashable {
    /// The category's name in `purposes.yaml`.
    public let name: String
    /// A human-readable description.
    public let label: LocalizedText

    /// Creates a category.
    public init(name: String, label: LocalizedText) {
        self.name = name
        self.label = label
    }
}
