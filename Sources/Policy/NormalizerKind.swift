/// How the values of a field are normalised before they are sealed and indexed.
public enum NormalizerKind: String, Sendable, Codable, CaseIterable {
    /// Trimmed, collapsed spaces.
    case name
    /// Trimmed, lowercased, validated.
    case email
    /// E.164; Russian input such as `8 912…` becomes `+7…`.
    case phone
    /// `dd.mm.yyyy` or ISO 8601.
    case date
    /// Money with a comma or a dot as decimal separator.
    case amount
    /// A Russian taxpayer number (10 or 12 digits).
    case inn
    /// A list of tags.
    case tags
    /// Free text, trimmed.
    case text
}
