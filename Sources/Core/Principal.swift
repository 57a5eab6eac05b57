/// Who performs an operation, and under which role. Every read and change goes through one.
public struct Principal: Sendable, Equatable, Codable {
    /// A staff login, token name or process name; never a data subject's personal data.
    public var name: String
    public var role: String

    public init(name: String, role: String) {
        self.name = name
        self.role = role
    }
}
