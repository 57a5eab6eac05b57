/// Why processing of a person must stop at a connector.
public enum SuppressionReason: String, Sendable, Codable, CaseIterable {
    /// The person withdrew consent for the purpose.
    case withdrawal
    /// The person objected to processing (for example to direct marketing).
    case objection
    /// Processing is restricted (disputed accuracy, pending objection, legal claim): keep, but do not use.
    case restriction
}
