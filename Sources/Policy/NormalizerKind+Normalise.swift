public import Intake

extension NormalizerKind {
    /// A value as the vault keeps it: the one normalisation every path (import, API, privacy center, rectification,
    /// contact lookups) applies before a value is sealed, indexed or compared.
    ///
    /// - Throws: ``ValueProblem`` naming what is wrong with the value (never the value itself).
    public func normalise(_ value: String) throws(ValueProblem) -> String {
        switch self {
        case .name: return try Normalizer.name(value)
        case .email: return try Normalizer.email(value)
        case .phone: return try Normalizer.phone(value)
        case .date: return try Normalizer.date(value)
        case .amount: return try Normalizer.amount(value)
        case .inn: return try Normalizer.inn(value)
        case .tags: return Normalizer.tags(value).joined(separator: "; ")
        case .text: return Normalizer.text(value)
        }
    }
}
