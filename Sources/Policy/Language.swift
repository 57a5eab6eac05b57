/// A language that policy texts and generated documents are available in.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    /// Russian.
    case ru
    /// English.
    case en
}
