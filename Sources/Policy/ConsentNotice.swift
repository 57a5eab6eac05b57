/// The consent text a purpose collects consent on: its document id and version.
///
/// Since 01.09.2025 consent is a separate document (156-FZ), so every consent record names the notice version.
public struct ConsentNotice: Sendable, Hashable, Codable {
    /// The document id, such as `consent-marketing-email`.
    public let id: String
    /// The version of the text, such as `2025-09-01`.
    public let version: String

    /// Creates a notice reference.
    public init(id: String, version: String) {
        self.id = id
        self.version = version
    }
}
